// The text a reader sees in a node, with its typeset maths read from KaTeX's MathML as plain Unicode
// (h_t -> hₜ, x^2 -> x²). For the few places that cannot hold markup: a <select>'s options, an
// aria-label. KaTeX writes every formula twice (MathML for screen readers, HTML for the eye) plus its
// TeX source, so a plain textContent would show each formula three times over.
const SUB = Object.fromEntries([..."0123456789aehijklmnoprstuvx+-−=()"].map((c, k) => [c, [..."₀₁₂₃₄₅₆₇₈₉ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ₊₋₋₌₍₎"][k]]));
const SUP = Object.fromEntries([..."0123456789+-−=()niT⊤k"].map((c, k) => [c, [..."⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱᵀᵀᵏ"][k]]));

function script(text, table, mark) {
  const chars = [...text];
  if (chars.length && chars.every((c) => c in table)) return chars.map((c) => table[c]).join("");
  return chars.length === 1 ? `${mark}${text}` : `${mark}(${text})`;
}

/** The plain reading of a MathML node. */
export function mathText(node) {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  const kids = [...node.children];
  switch (node.localName) {
    case "annotation": return "";
    case "msub": return mathText(kids[0]) + script(mathText(kids[1]), SUB, "_");
    case "msup": return mathText(kids[0]) + script(mathText(kids[1]), SUP, "^");
    case "msubsup": return mathText(kids[0]) + script(mathText(kids[1]), SUB, "_") + script(mathText(kids[2]), SUP, "^");
    case "mfrac": return `${mathText(kids[0])}/${mathText(kids[1])}`;
    case "msqrt": return `√(${kids.map(mathText).join("")})`;
    case "mspace": return " ";
    default: return [...node.childNodes].map(mathText).join("");
  }
}

/** `node`'s visible text, maths included once and readable, whitespace collapsed. */
export function plainText(node) {
  const copy = node.cloneNode(true);
  for (const k of copy.querySelectorAll(".katex")) {
    const math = k.querySelector("math");
    k.replaceWith(math ? mathText(math).replace(/\u2061/g, "") : k.textContent);
  }
  return copy.textContent.replace(/\s+/g, " ").trim();
}
