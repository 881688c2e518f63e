// The worker's long calls: an explainers function that returns a generator (e.g. a training loop),
// driven a chunk of about CHUNK_MS at a time. Each chunk is one turn of the worker's queue, and the
// worker's event loop is free between two chunks, so a "stop" (or a cell's run, a widget's call) asked
// meanwhile is heard within one chunk: the generator is closed and the worker, its Python and the
// page's namespace live on. Without this, only ending the worker could stop Python.
//   page -> worker  {id, type: "stream", module, function, args}   start (queued like a run or a call)
//                   {id, type: "stop"}                              end it before its next chunk
//   worker -> page  {id, type: "progress", value}                   each value the generator yields
//                   {id, type: "answer", value} | {…, error} | {id, type: "answer", stopped: true}
//                   {id, type: "error", fatal: "crash", message}    Pyodide itself failed

// A chunk this long keeps a Stop under a second with room to spare, and the messages few.
export const CHUNK_MS = 100;

/**
 * python(id): Python, or null once `id` was told it did not start (worker.js's pythonFor); enqueue(fn):
 * run fn in the worker's next free turn, after the requests already queued; post(message): to the page;
 * later(fn): fn after the event loop has had a turn (tests pass their own).
 */
export function streams({ python, enqueue, post, chunkMs = CHUNK_MS, later = (fn) => setTimeout(fn, 0) }) {
  const known = new Set(); // ids of the long calls asked for and not yet answered
  const stopping = new Set(); // of those, the ones the page asked to stop

  const finish = (id, answer) => {
    known.delete(id);
    stopping.delete(id);
    post({ id, type: "answer", ...answer });
  };
  const crash = (id, err) => {
    known.delete(id);
    stopping.delete(id);
    post({ id, type: "error", fatal: "crash", message: String(err?.message ?? err) });
  };
  const next = (py, id) => later(() => enqueue(() => chunk(py, id)));

  function chunk(py, id) {
    try {
      if (stopping.has(id)) {
        py.stream.stop(id);
        return finish(id, { stopped: true });
      }
      const out = py.stream.next(id, chunkMs);
      for (const value of out.progress) post({ id, type: "progress", value });
      if (!out.done) return next(py, id);
      finish(id, "error" in out ? { error: out.error } : { value: out.value });
    } catch (err) { // glue answers every Python exception: what reaches here is Pyodide failing
      crash(id, err);
    }
  }

  return {
    /** The page asked for a long call: start it in the queue's turn (returns that turn's promise). */
    ask(data) {
      known.add(data.id);
      return enqueue(() => this.start(data));
    },
    async start({ id, module, function: fn, args }) {
      const py = await python(id);
      if (!py) return known.delete(id);
      if (stopping.has(id)) return finish(id, { stopped: true }); // stopped before it began
      try {
        const started = py.stream.start(id, module, fn, args);
        if (started.error) return finish(id, { error: started.error });
      } catch (err) {
        return crash(id, err);
      }
      next(py, id);
    },
    /** Stop the long call `id` before its next chunk; an id already answered (or never asked) is ignored. */
    stop(id) {
      if (known.has(id)) stopping.add(id);
    },
  };
}
