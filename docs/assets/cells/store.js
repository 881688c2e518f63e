// A reader's edits survive reloads until Reset. Keyed by page and cell, and dropped if the
// author has since changed the cell (the stored original no longer matches).

const key = (cell) => `pycell:${location.pathname}#${cell}`;

export function loadEdit(cell, original) {
  try {
    const saved = JSON.parse(localStorage.getItem(key(cell)) ?? "null");
    return saved && saved.original === original ? saved.code : null;
  } catch {
    return null; // storage disabled or corrupt: no edits, no error
  }
}

export function saveEdit(cell, original, code) {
  try {
    if (code === original) localStorage.removeItem(key(cell));
    else localStorage.setItem(key(cell), JSON.stringify({ original, code }));
  } catch {
    /* storage full or disabled: the edit lives until the page closes */
  }
}

export function clearEdit(cell) {
  try {
    localStorage.removeItem(key(cell));
  } catch {
    /* nothing stored */
  }
}
