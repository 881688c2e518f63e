"""What the author waits for: an uncached full build, a no-change rebuild, and a bare Material build of
the same pages with the project's own plugin switched off (the floor the site's build adds to).

Each build runs in a scratch copy of the repository's tracked files, so the real .cache/ and site/ are
untouched. Only the downloaded Pyodide package is carried over: a network fetch is not build work.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOWNLOAD = Path(".cache/pyodide/download")


def scratch_copy() -> Path:
    """The tracked files (plus untracked, unignored ones) in a temporary folder, with the same
    node_modules and a cache that holds only the downloaded Pyodide package."""
    dest = Path(tempfile.mkdtemp(prefix="bench-build-"))
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    if (ROOT / DOWNLOAD).exists():
        shutil.copytree(ROOT / DOWNLOAD, dest / DOWNLOAD)
    return dest


def timed_build(repo: Path, config: str = "mkdocs.yml") -> float:
    """Seconds of one strict build (the whole process, as an author waits for it)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GATES_UNCHECKED_CLAIMS": "performance"}  # as __main__.BUILD_ENV
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", config,
                           "-d", str(repo / "site")], cwd=repo, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode:
        raise RuntimeError(f"bench: build with {config} failed:\n{proc.stdout}\n{proc.stderr}")
    return elapsed


def bare_config(repo: Path) -> str:
    """mkdocs.yml without the site's own plugin (`gates`): Material, the same pages, Markdown extensions
    and the other plugins."""
    lines = (repo / "mkdocs.yml").read_text().splitlines()
    if "  - gates" not in lines:
        raise RuntimeError("bench: mkdocs.yml lists no `- gates` plugin to leave out of the bare build")
    (repo / "mkdocs-bare.yml").write_text("\n".join(l for l in lines if l != "  - gates") + "\n")
    return "mkdocs-bare.yml"


def measure(repeats: int = 5) -> dict:
    repo = scratch_copy()
    try:
        full = timed_build(repo)
        bare_cfg = bare_config(repo)
        timed_build(repo, bare_cfg)  # warm the bare build's own caches (mkdocs-jupyter's) first
        rebuilds, bares = [], []
        for _ in range(repeats):  # alternated, so that a drift of the machine's speed hits both alike
            rebuilds.append(timed_build(repo))
            bares.append(timed_build(repo, bare_cfg))
    finally:
        shutil.rmtree(repo, ignore_errors=True)
    return {"full": full, "rebuild": statistics.median(rebuilds), "bare": statistics.median(bares),
            "rebuilds": rebuilds, "bares": bares}
