// Build-time maths: KaTeX (the pinned npm package) renders TeX to HTML, so pages need no maths script.
// Called by sitebuild/pages/math_prerender.py:  node katex_render.mjs <path of katex's package folder>
// stdin: [[tex, display], ...]   stdout: [{html} | {error}, ...] in the same order.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const katex = (await import(pathToFileURL(join(process.argv[2], "dist/katex.mjs")))).default;
const formulas = JSON.parse(readFileSync(0, "utf8"));
const rendered = formulas.map(([tex, display]) => {
  try {
    return { html: katex.renderToString(tex, { displayMode: display, throwOnError: true, output: "htmlAndMathml" }) };
  } catch (err) {
    return { error: String(err.message ?? err) };
  }
});
process.stdout.write(JSON.stringify(rendered));
