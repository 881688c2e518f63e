// Numbers kept as log10 (the gradient widgets' JSON): how they read in words, and the chart's log axis.
const SUP = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

/** 10 to an integer power, in plain Unicode: pow10(-5) is "10⁻⁵". */
export const pow10 = (v) => `10${[...String(Math.round(v))].map((c) => SUP[c]).join("")}`;

/** A slider's value as the JSON keys write it (Python's `:g`): "0.9", "1", "2.25". */
export const num = (v) => String(+Number(v).toFixed(2));

/** The number whose log10 is `log`, to 2 significant digits: "0.0063", "3.2×10⁻⁵". */
export const sci = (log) => {
  const e = Math.floor(log);
  return log > -3 && log < 3 ? (10 ** log).toPrecision(2) : `${(10 ** (log - e)).toFixed(1)}×${pow10(e)}`;
};

/** A log axis for these log10 values: whole powers of ten from at least `floor` up to at most `ceiling`,
 *  always including 10⁰, and about five ticks. */
export function logAxis(values, floor = -20, ceiling = 10) {
  const all = values.filter(Number.isFinite);
  const lo = Math.max(floor, Math.floor(Math.min(0, ...all))), hi = Math.min(ceiling, Math.max(0, Math.ceil(Math.max(...all))));
  const step = Math.max(1, Math.ceil((hi - lo) / 5)), ticks = [];
  for (let v = hi; v >= lo; v -= step) ticks.push(v);
  return { lo, hi, ticks };
}
