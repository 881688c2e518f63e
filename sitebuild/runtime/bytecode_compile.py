"""Runs inside the site's Pyodide at build time (sitebuild/runtime/bytecode_compile.mjs), after the imports ran:
copy a wheel, adding bytecode for each of its modules that is imported now.

The bytecode is "unchecked-hash": Python uses it without comparing dates with the source (a wheel's
dates say nothing), and it is right as long as the wheel is, which is the only way it is shipped. The
sources stay, for tracebacks and for readers who look. RECORD lists the new files (without hashes,
as pip does for bytecode)."""
import importlib.util
import os
import py_compile
import sys
import zipfile

SITE = next(p for p in sys.path if p.endswith("site-packages"))
FIXED_DATE = (1980, 1, 1, 0, 0, 0)  # as in the wheels themselves: the same inputs give the same file


def add_bytecode(src, dst):
    """Write the wheel `src` to `dst` with bytecode for its imported modules; return how many."""
    loaded = {os.path.realpath(m.__file__) for m in list(sys.modules.values()) if getattr(m, "__file__", None)}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        names = zin.namelist()
        modules = [n for n in names if n.endswith(".py") and os.path.realpath(os.path.join(SITE, n)) in loaded]
        record = next(n for n in names if n.endswith(".dist-info/RECORD"))
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == record:
                listed = "".join(f"{importlib.util.cache_from_source(n)},,\n" for n in modules)
                data = data.rstrip(b"\r\n") + b"\n" + listed.encode()
            zout.writestr(info, data)
        for name in modules:
            compiled = py_compile.compile(os.path.join(SITE, name), cfile="/tmp/module.pyc", doraise=True,
                                          invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
            with open(compiled, "rb") as f:
                info = zipfile.ZipInfo(importlib.util.cache_from_source(name), FIXED_DATE)
                zout.writestr(info, f.read(), zipfile.ZIP_DEFLATED)
    return len(modules)
