"""Serve a folder on 127.0.0.1 (a free port) for the browser measurements, quietly."""
import contextlib
import functools
import http.server
import io
import json
import re
import sys
import threading
from pathlib import Path

# The site's Python snapshot (site_snapshot.js): refused, a page's Python starts afresh.
SITE_SNAPSHOT = re.compile(r"/python-snapshot\.bin$")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    refused = None  # a pattern of paths answered 404, as if the file were not on the host

    def log_message(self, *args):
        pass

    def send_head(self):
        if self.refused and self.refused.search(self.path):
            self.send_error(404)
            return None
        if self.refused and self.path.split("?")[0] == "/sw.js":
            return self._service_worker_without_refused()
        return super().send_head()

    def _service_worker_without_refused(self):
        """The site's service worker, not keeping what this host refuses: as on a host that never had it.
        (A worker whose install fails on a missing file is another case: in WebKit, a page's Python worker
        then no longer finds the snapshot the browser kept.)"""
        text = (Path(self.directory) / "sw.js").read_text(encoding="utf-8")
        line = re.search(r"^const PRECACHE = (\[.*\]);$", text, re.M)
        kept = [entry for entry in json.loads(line.group(1)) if not self.refused.search("/" + entry[0])]
        body = text.replace(line.group(0), f"const PRECACHE = {json.dumps(kept, separators=(',', ':'))};").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/javascript")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser context closed mid-download resets its connections: expected, not worth a traceback."""
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(folder, refuse=None):
    """Yield the base URL of `folder` served over HTTP on 127.0.0.1 until the block ends; paths that
    the compiled regular expression `refuse` finds are answered 404, and the service worker does not
    ask for them."""
    handler = type("Handler", (_Quiet,), {"refused": refuse})
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
