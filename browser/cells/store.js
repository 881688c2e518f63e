// A reader's edits survive reloads until Reset. Keyed by page and cell, and dropped if the
// author has since changed the cell (the stored original no longer matches). The same page open in
// two tabs shares them: the later edit wins, in both tabs.

const prefix = () => `pycell:${location.pathname}#`;
const key = (cell) => prefix() + cell;

export function loadEdit(cell, original) {
  try {
    const saved = JSON.parse(localStorage.getItem(key(cell)) ?? "null");
    return saved && saved.original === original ? saved.code : null;
  } catch {
    return null; // storage disabled or corrupt: no edits, no error
  }
}

/** Keep the edit; false when the browser would not (storage full or turned off): the caller says so. */
export function saveEdit(cell, original, code) {
  try {
    if (code === original) localStorage.removeItem(key(cell));
    else localStorage.setItem(key(cell), JSON.stringify({ original, code }));
    return true;
  } catch {
    return false;
  }
}

/** Call `onEdit(cell, code)` when another tab of this page edits a cell (code null: it was Reset). */
export function watchOtherTabs(onEdit) {
  addEventListener("storage", (e) => {
    if (e.storageArea !== localStorage || !e.key?.startsWith(prefix())) return;
    try {
      onEdit(e.key.slice(prefix().length), e.newValue === null ? null : JSON.parse(e.newValue));
    } catch {
      /* a corrupt entry: ignored, as loadEdit ignores it */
    }
  });
}

export function clearEdit(cell) {
  try {
    localStorage.removeItem(key(cell));
  } catch {
    /* nothing stored */
  }
}
