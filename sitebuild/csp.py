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


def content_security_policy(html: str) -> str:
    return "; ".join(POLICY).format(hashes=" ".join(script_hashes(html))).replace("  ", " ")


def on_post_page(output: str, page, config) -> str:
    head = HEAD.search(output)
    if head is None:
        raise PluginError(f"csp: no <head> in {page.file.src_uri}")
    # First in <head> (after the charset), so it governs every script that follows.
    meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{content_security_policy(output)}">'
    return output[: head.end()] + meta + output[head.end():]
