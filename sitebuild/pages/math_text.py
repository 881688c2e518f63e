"""Maths as plain text, for the places that cannot hold typeset maths: the search index.

Read from the MathML KaTeX writes beside its HTML (h_t -> hₜ, x^2 -> x², \\frac{a}{b} -> a/b), the same
reading as browser/widgets/plaintext.js gives a quiz's options in the browser, so a search result
shows "cₜ = fₜ ⊙ cₜ₋₁" where it showed "\\(c_t = f_t \\odot c_{t-1}\\)".
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SUB = dict(zip("0123456789aehijklmnoprstuvx+-−=()", "₀₁₂₃₄₅₆₇₈₉ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ₊₋₋₌₍₎"))
SUP = dict(zip("0123456789+-−=()niT⊤k", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱᵀᵀᵏ"))
MATH = re.compile(r"<math\b.*?</math>", re.S)
NS = "{http://www.w3.org/1998/Math/MathML}"


def _script(text: str, table: dict, mark: str) -> str:
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    return f"{mark}{text}" if len(text) == 1 else f"{mark}({text})"


def _read(node) -> str:
    tag = node.tag.removeprefix(NS)
    kids = list(node)
    if tag == "annotation":
        return ""
    if tag == "msub":
        return _read(kids[0]) + _script(_read(kids[1]), SUB, "_")
    if tag == "msup":
        return _read(kids[0]) + _script(_read(kids[1]), SUP, "^")
    if tag == "msubsup":
        return _read(kids[0]) + _script(_read(kids[1]), SUB, "_") + _script(_read(kids[2]), SUP, "^")
    if tag == "mfrac":
        return f"{_read(kids[0])}/{_read(kids[1])}"
    if tag == "msqrt":
        return "√(" + "".join(_read(k) for k in kids) + ")"
    if tag in ("munderover", "munder", "mover") and len(kids) >= 2:
        marks = ("_", "^") if tag == "munderover" else (("_",) if tag == "munder" else ("^",))
        return _read(kids[0]) + "".join(f"{mk}({_read(k)})" for mk, k in zip(marks, kids[1:]))
    if tag == "mspace":
        return " "
    if tag in ("mtr", "mtd"):  # a table's cells and rows: apart, not run together
        return " " + "".join(_read(k) for k in kids) + " "
    return (node.text or "") + "".join(_read(k) + (k.tail or "") for k in kids)


def plain(katex_html: str) -> str | None:
    """The plain reading of one formula rendered by KaTeX, or None if it holds no MathML."""
    m = MATH.search(katex_html)
    if not m:
        return None
    text = _read(ET.fromstring(m.group(0).replace("&nbsp;", "\u00a0")))
    text = re.sub("\u2061(?=\\w)", " ", text).replace("\u2061", "")  # "log u", but "diag(f)"
    return re.sub(r"\s+", " ", text).strip()
