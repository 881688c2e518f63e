// Why a boot failed, when the cause is a damaged file. A wrong byte in Python's interpreter or its
// standard library does not fail as "damaged": Pyodide logs a CompileError and waits (the watchdog then
// says "stopped answering"), or Python exits with status 1. The build records the integrity of each of
// those files as shipped (config.js CORE_FILES); a failed boot asks for them again with that integrity,
// from the browser's cache where it has them, and names any whose bytes differ.

/** The names of Python's own files whose bytes are not the ones the site was built with. */
export async function damagedFiles() {
  const configURL = new URL("./config.js", import.meta.url);
  const { CORE_FILES, RUNTIME_URL } = await import(configURL);
  const base = new URL(RUNTIME_URL, configURL);
  const damaged = await Promise.all(CORE_FILES.map(({ file, integrity }) => isDamaged(new URL(file, base), integrity)));
  return CORE_FILES.filter((_, i) => damaged[i]).map(({ file }) => file);
}

/** A download refused by its integrity check but not without it: damaged (a lost connection or an
 *  error page fails both ways, and is not this module's to name). */
async function isDamaged(url, integrity) {
  try {
    await (await fetch(url, { integrity })).arrayBuffer();
    return false;
  } catch {
    try {
      return (await fetch(url)).ok;
    } catch {
      return false;
    }
  }
}

/** The reader's words for a failed boot: the damaged files by name if there are any, else `message`. */
export async function explainFailure(message) {
  const damaged = await damagedFiles().catch(() => []);
  if (!damaged.length) return message;
  const which = damaged.join(" and ");
  return `${which} arrived damaged (${damaged.length > 1 ? "their bytes are" : "its bytes are"} not the ones this site was built with; Retry downloads ${damaged.length > 1 ? "them" : "it"} again)`;
}
