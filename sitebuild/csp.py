"""A Content-Security-Policy for every page, as a <meta> tag (a static host sends no headers).

Scripts and connections come from the site itself only; 'wasm-unsafe-eval' lets Pyodide compile its
WebAssembly. Material's few inline scripts (its storage helpers, the palette restore) are allowed by
their sha256, computed here from the final HTML of each page, so an unexpected inline script is refused.
"""
from __future__ import annotations

import base64
import hashlib
import re

from mkdocs.exceptions import PluginError

from .build_state import Build

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
DATA_TYPE = re.compile(r"""\stype=["']?(?!module|text/javascript|application/javascript)""", re.I)
HEAD = re.compile(r"<head[^>]*>\s*(<meta charset=[^>]*>)?", re.I)

POLICY = (
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval' {hashes}",
    "worker-src 'self' blob:",      # the Python worker is a blob, so that it inherits this policy (confine.js)
    "connect-src 'self'",
    "img-src 'self' data:",          # figures drawn by cells arrive as data: URLs
    "style-src 'self' 'unsafe-inline'",  # Material, KaTeX and CodeMirror set styles inline
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


def script_hashes(html: str) -> list[str]:
    """CSP sources for the page's executable inline scripts (data blocks like JSON are not scripts)."""
    hashes = []
    for m in INLINE_SCRIPT.finditer(html):
        attrs = m.group("attrs")
        if re.search(r"\ssrc=", attrs, re.I) or DATA_TYPE.search(attrs):
            continue
        digest = hashlib.sha256(m.group("body").encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return sorted(set(hashes))


def content_security_policy(html: str, serving: bool = False) -> str:
    """The page's policy. Under `mkdocs serve` the live-reload server adds an inline script to every page
    it sends, with a timestamp in it, so no hash computed here can allow it: the author's own preview
    allows inline scripts instead (a built site never does)."""
    hashes = "'unsafe-inline'" if serving else " ".join(script_hashes(html))
    return "; ".join(POLICY).format(hashes=hashes).replace("  ", " ")


def on_post_page(output: str, page, config, build: Build) -> str:
    head = HEAD.search(output)
    if head is None:
        raise PluginError(f"csp: no <head> in {page.file.src_uri}")
    # First in <head> (after the charset), so it governs every script that follows.
    policy = content_security_policy(output, serving=build.command == "serve")
    meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{policy}">'
    return output[: head.end()] + meta + output[head.end():]
