"""The peers' pages, built for the bench into <site>/bench-peers/<peer>/ and patched to load nothing but
this site's files: Pyodide and numpy from the site's own assets/pyodide/, every other script and style
from a pinned npm copy (tools/bench/peer_npm/, which `make bench` installs), vendored beside the page.

Each peer is installed from PyPI, pinned, into a virtualenv of its own in a temporary folder (never the
project's .venv), with the MkDocs and Material versions our own site builds with, and builds one page
(tools/bench/peer_pages/<peer>/) holding the bare page's cell. Versions:
- markdown-exec 1.14.0, the latest: its `pyodide` fence takes a `version` option, set to 0.27.7.
- pyodide-mkdocs-theme 5.7.0, the latest: every 5.x asks for Pyodide 0.25.0 from its CDN; the bench page
  runs it on 0.27.7 (its IDE and its install step use only APIs 0.27 still has) and checks the output.

The patches, each a string replacement that raises naming the peer and the text when that text is
missing, so a new version of a peer fails here instead of quietly loading from elsewhere. A patch names
the peer's URL by its path only ({cdn}: whatever host the peer wrote there); after the patches, no file
of the peer's own may still name a host they replaced:
markdown-exec
- ace: the CDN's Ace 1.16.0 -> npm ace-builds@1.16.0 (src-min-noconflict, what the CDN ships; Ace loads its
  python mode and themes from beside ace.js, so the whole folder is vendored).
- highlight.js: the CDN's highlight.js 11.7.0 -> npm @highlightjs/cdn-assets@11.7.0.
- pyodide: the CDN's Pyodide 0.27.7 -> the site's assets/pyodide/pyodide.js (the npm pyodide package's
  classic loader, copied there; the site ships only the ES module one), so it boots the site's runtime.
- themes, themes in css: the CDN's highlightjs-themes@1.0.0 -> npm highlightjs-themes@1.0.0 (the CDN
  minifies on the fly; the npm package has only the plain files, vendored under the names asked for).
  The stylesheet's own @import of them is invalid CSS that no browser fetches; patched all the same.
- micropip: the site ships no micropip. The fence's install="numpy" loads micropip, which loads numpy
  from the same lock; instead its start loads numpy directly. This spares the peer micropip's download
  and import, so it can only flatter it.
pyodide-mkdocs-theme
- lodash, jquery: the CDN's lodash 4.17.20 and jQuery 3.7.1 -> their npm packages (dist/jquery.min.js).
- terminal css, terminal js: jquery.terminal 2.43.1 -> npm jquery.terminal@2.43.0 (2.43.1 is no longer
  on npm); its script's integrity becomes the npm file's own (the theme checks it with SRI).
- mathjax: the CDN's mathjax@3 -> npm mathjax@3.2.2, the last 3.x (what @3 resolves to).
- pyodide: the CDN's Pyodide 0.25.0 and its integrity -> the site's assets/pyodide/pyodide.js and its own.
- ace: the CDN's ace-builds@1.44.0 -> npm ace-builds@1.44.0, byte for byte the files the theme's
  integrity values name (so they are kept, and still checked).
- micropip: as for markdown-exec, the install step loads the wanted packages with loadPackage, not micropip.
"""
import base64
import hashlib
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The peers' scripts come from npm packages of their own (make bench installs them; make serve and make
# test never need them): tools/bench/peer_npm/. Pyodide's classic loader comes from the site's own pin.
NPM = ROOT / "tools/bench/peer_npm/node_modules"
SITE_NPM = ROOT / "node_modules"
PAGES = Path(__file__).resolve().parent / "peer_pages"
FOLDER = "bench-peers"
PYODIDE_JS = "/assets/pyodide/pyodide.js"  # the classic loader, put beside the site's runtime
CDN = r"https://[^/\s\"']+"  # what {cdn} stands for in a patch: the host the peer names, whichever it is
# Not scanned: the vendored npm files, and Material's own scripts, as on our site (they name a CDN for a
# ResizeObserver polyfill and for mermaid, fetched only when needed; the bench refuses them if ever).
UNSCANNED = (("vendor",), ("assets", "javascripts"))


class PatchMissing(RuntimeError):
    """A peer's output no longer holds the text a patch replaces."""


@dataclass(frozen=True)
class Patch:
    name: str
    file: str  # in the peer's built folder
    old: str
    new: str  # may name {vendor} (the peer's vendored folder's URL) and {pyodide_sri}
    # old may name {cdn}: any https host (CDN above); the rest of it is matched as written


@dataclass(frozen=True)
class Peer:
    name: str
    requirement: str  # pinned, from PyPI
    vendor: dict  # vendored path (under vendor/) -> file or folder under node_modules/
    patches: tuple


PEERS = {p.name: p for p in (
    Peer("markdown-exec", "markdown-exec==1.14.0", {
        "ace": "ace-builds-1.16.0/src-min-noconflict",
        "highlight.min.js": "@highlightjs/cdn-assets/highlight.min.js",
        "highlightjs-themes/tomorrow.min.css": "highlightjs-themes/tomorrow.css",
        "highlightjs-themes/tomorrow.css": "highlightjs-themes/tomorrow.css",
        "highlightjs-themes/tomorrow-night-blue.min.css": "highlightjs-themes/tomorrow-night-blue.css",
    }, (
        Patch("ace", "index.html", "{cdn}/ajax/libs/ace/1.16.0/ace.js", "{vendor}ace/ace.js"),
        Patch("highlight.js", "index.html", "{cdn}/ajax/libs/highlight.js/11.7.0/highlight.min.js",
              "{vendor}highlight.min.js"),
        Patch("pyodide", "index.html", "{cdn}/pyodide/v0.27.7/full/pyodide.js", PYODIDE_JS),
        Patch("themes", "index.html", "{cdn}/npm/highlightjs-themes@1.0.0/", "{vendor}highlightjs-themes/"),
        Patch("themes in css", "assets/_markdown_exec_pyodide.css", "{cdn}/npm/highlightjs-themes@1.0.0/",
              "{vendor}highlightjs-themes/"),
        Patch("micropip", "assets/_markdown_exec_pyodide.js", 'await pyodide.loadPackage("micropip");',
              'await pyodide.loadPackage("numpy");'),
    )),
    Peer("pyodide-mkdocs-theme", "pyodide-mkdocs-theme==5.7.0", {
        "lodash.min.js": "lodash/lodash.min.js",
        "jquery.min.js": "jquery/dist/jquery.min.js",
        "jquery.terminal.min.css": "jquery.terminal/css/jquery.terminal.min.css",
        "jquery.terminal.min.js": "jquery.terminal/js/jquery.terminal.min.js",
        "mathjax": "mathjax/es5",
        "ace": "ace-builds/src-min-noconflict",
    }, (
        Patch("lodash", "index.html", "{cdn}/npm/lodash@4.17.20/lodash.min.js", "{vendor}lodash.min.js"),
        Patch("jquery", "index.html", '"{cdn}/npm/jquery@3.7.1"', '"{vendor}jquery.min.js"'),
        Patch("terminal css", "index.html", "{cdn}/npm/jquery.terminal@2.43.1/css/jquery.terminal.min.css",
              "{vendor}jquery.terminal.min.css"),
        Patch("mathjax", "index.html", "{cdn}/npm/mathjax@3/es5/tex-mml-chtml.js",
              "{vendor}mathjax/tex-mml-chtml.js"),
        Patch("pyodide", "js-per-pages/2-pyodideSectionsRunner-runner-pyodide.js",
              'src: "{cdn}/pyodide/v0.25.0/full/pyodide.js",\n'
              '    integrity: "sha256-nHnJmZmZsV3nWHqiIMYdBqoU52urt13FDC+HOqgmrU0=",',
              f'src: "{PYODIDE_JS}",\n    integrity: "{{pyodide_sri}}",'),
        Patch("ace", "js-per-pages/4-ideLogistic-ide.js", "{cdn}/npm/ace-builds@1.44.0/src-min-noconflict/",
              "{vendor}ace/"),
        Patch("terminal js", "js-per-pages/3-terminalRunner-term.js",
              'src: "{cdn}/npm/jquery.terminal@2.43.1/js/jquery.terminal.min.js",\n'
              '  integrity: "sha256-pbe5sRZbQRbFX+gVJnAUz0dGepuDvyQXpmqjxpolaoc=",',
              'src: "{vendor}jquery.terminal.min.js",\n  integrity: "{terminal_sri}",'),
        Patch("micropip", "js-per-pages/1-packagesInstaller-install-pyodide.js",
              '    if(!micropip){\n      await pyodide.loadPackage("micropip");\n      micropip = pyodide.pyimport("micropip");\n'
              '    }\n    await micropip.install(toInstall)',
              "    await pyodide.loadPackage(toInstall)"),
    )),
)}


def build_all(site: Path) -> dict:
    """Build every peer's page into `site`; {peer: its page's path relative to the site root}."""
    if not NPM.is_dir():
        raise SystemExit(f"bench: {NPM.relative_to(ROOT)} is missing: `make bench` installs it "
                         "(or: npm ci --prefix tools/bench/peer_npm)")
    shutil.copyfile(SITE_NPM / "pyodide" / "pyodide.js", site / PYODIDE_JS.lstrip("/"))
    return {name: build(peer, site) for name, peer in PEERS.items()}


def build(peer: Peer, site: Path) -> str:
    """Install `peer` in a scratch virtualenv, build its page into the site, vendor and patch it."""
    out = site / FOLDER / peer.name
    with tempfile.TemporaryDirectory(prefix=f"bench-{peer.name}-") as tmp:
        python = scratch_venv(Path(tmp) / "venv", peer.requirement)
        shutil.copytree(PAGES / peer.name, Path(tmp) / "site")
        subprocess.run([str(python), "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=Path(tmp) / "site",
                       check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    (out / "404.html").unlink()  # never visited; it would keep the head's links unpatched
    for dest, source in peer.vendor.items():
        copy(NPM / source, out / "vendor" / dest)
    values = {"vendor": f"/{FOLDER}/{peer.name}/vendor/", "pyodide_sri": sri(site / PYODIDE_JS.lstrip("/")),
              "terminal_sri": sri(NPM / "jquery.terminal/js/jquery.terminal.min.js")}
    replaced = set().union(*(apply(peer.name, out, patch, values) for patch in peer.patches))
    if left := hosts_left(out, replaced):
        raise PatchMissing(f"{peer.name}: still names a host its patches replaced: {left[:5]}")
    return f"{FOLDER}/{peer.name}/"


def scratch_venv(folder: Path, requirement: str) -> Path:
    """A virtualenv of its own holding the peer, pinned, and our site's MkDocs and Material; its python."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    python = folder / "bin" / "python"
    pins = [requirement] + [f"{d}=={importlib.metadata.version(d)}" for d in ("mkdocs", "mkdocs-material")]
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *pins], check=True)
    return python


def apply(peer: str, folder: Path, patch: Patch, values: dict) -> set[str]:
    """Replace every occurrence of patch.old in its file; raise if there is none. The hosts it replaced."""
    path = folder / patch.file
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    pattern = re.compile(re.escape(patch.old).replace(re.escape("{cdn}"), f"({CDN})"))
    found = list(pattern.finditer(text))
    if not found:
        raise PatchMissing(f"{peer}: patch {patch.name!r} found no {patch.old!r} in {patch.file}: "
                           "the peer changed; without the patch its page would load from elsewhere")
    new = patch.new.format(**values)
    path.write_text(pattern.sub(lambda _: new, text), encoding="utf-8")
    return {host for m in found for host in m.groups()}


def hosts_left(folder: Path, hosts: set[str]) -> list[str]:
    """Every 'file: host' pair where a page, script or stylesheet of `folder` still names one of `hosts`."""
    return [f"{p.relative_to(folder)}: {host}" for p in sorted(folder.rglob("*"))
            if p.suffix in (".html", ".js", ".mjs", ".css")
            and not any(p.relative_to(folder).parts[:len(u)] == u for u in UNSCANNED)
            for host in sorted(hosts) if host in p.read_text(encoding="utf-8", errors="replace")]


def copy(source: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, dest)
    else:
        shutil.copyfile(source, dest)


def sri(path: Path) -> str:
    """The Subresource Integrity value of a file (sha256)."""
    return "sha256-" + base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode()
