"""Committed results under explainers/data/: weights as .npz, everything else as .json beside them.

Each file records the hash of the source code that produced it. Loading compares that hash with the
code as it is now and, when they differ, warns (StaleDataWarning) rather than fails: the site still
builds from the committed data, and the warning says which `make` target would refresh it.
"""
import hashlib
import inspect
import json
import logging
import warnings
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent.parent / "data"
PACKAGE = DATA.parent


# MkDocs shows INFO records of loggers under "mkdocs" and fails a strict build only on WARNING ones, and
# `python -m mkdocs` drops Python warnings: so the build also hears of stale data through this logger.
BUILD_LOG = logging.getLogger("mkdocs.explainers.data")


class StaleDataWarning(UserWarning):
    """Committed data was made by code that has changed since."""


def code_hash(*modules):
    """sha256 (16 hex digits) of the source files of `modules`, each keyed by its path in the package."""
    h = hashlib.sha256()
    for path in sorted({Path(inspect.getsourcefile(m)).resolve() for m in modules}):
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def save(name, meta, arrays=None):
    """Write data/<name>.json (meta, pretty and sorted: small diffs) and data/<name>.npz if arrays given."""
    DATA.mkdir(exist_ok=True)
    if arrays is not None:
        np.savez_compressed(DATA / f"{name}.npz", **arrays)
    (DATA / f"{name}.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")


def load_meta(name, current_hash=None, remake="make train"):
    """data/<name>.json; warns StaleDataWarning if its code_hash differs from current_hash."""
    path = DATA / f"{name}.json"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: run `{remake}` to produce it")
    meta = json.loads(path.read_text())
    if current_hash is not None and meta.get("code_hash") != current_hash:
        msg = (f"explainers/data/{name}.json was made by code with hash {meta.get('code_hash')}, "
               f"the code is now {current_hash}: run `{remake}` to refresh it")
        BUILD_LOG.info("STALE DATA (not an error): %s", msg)
        warnings.warn(msg, StaleDataWarning, stacklevel=2)
    return meta


def load_arrays(name):
    """data/<name>.npz as a dict name -> array."""
    with np.load(DATA / f"{name}.npz") as f:
        return {k: f[k] for k in f.files}
