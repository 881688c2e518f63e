// The replay: play, pause, step and speed over a trace, one character at a time (TraceView draws it).
// Keys on the character strip: ←/→ step, Home/End, Space plays or pauses.
import { h } from "./svg.js";
import { TraceView } from "./trace.js";

const SPEEDS = [["0.5", "slow"], ["1", "normal"], ["2", "fast"], ["4", "very fast"]];
const BASE_MS = 600; // one character per 0.6 s at normal speed

export class Player {
  constructor(parent, data) {
    this.timer = null;
    const btn = (cls, label, title, onclick) => h("button", { type: "button", class: `w-button ${cls}`, title, "aria-label": title, onclick }, label);
    this.back = btn("w-back", "◀", "Step back", () => this.step(-1));
    this.play = btn("w-play", "▶ Play", "Play", () => this.toggle());
    this.fwd = btn("w-fwd", "▶|", "Step forward", () => this.step(1));
    this.speed = h("select", { class: "w-speed", "aria-label": "Speed" },
      SPEEDS.map(([v, label]) => h("option", { value: v, selected: v === "1" }, label)));
    this.speed.addEventListener("change", () => this.playing && this.#schedule());
    parent.append(h("div", { class: "w-controls" }, this.back, this.play, this.fwd, h("label", {}, "Speed ", this.speed)));
    this.view = new TraceView(parent, data, (t) => this.go(t));
    this.view.ribbon.addEventListener("keydown", (e) => {
      if (e.key === " ") { e.preventDefault(); this.toggle(); }
    });
    this.go(0);
  }

  get playing() {
    return this.timer !== null;
  }

  setData(data) {
    this.pause();
    this.view.setData(data);
    this.go(0);
  }

  go(t) {
    this.view.show(Math.max(0, Math.min(this.view.data.sentence.length - 1, t)));
  }

  step(dt) {
    this.pause();
    this.go(this.view.t + dt);
  }

  toggle() {
    if (this.playing) return this.pause();
    if (this.view.t >= this.view.data.sentence.length - 1) this.go(0);
    this.play.textContent = "❚❚ Pause";
    this.play.title = "Pause";
    this.play.setAttribute("aria-label", "Pause");
    this.#schedule();
  }

  pause() {
    clearInterval(this.timer);
    this.timer = null;
    this.play.textContent = "▶ Play";
    this.play.title = "Play";
    this.play.setAttribute("aria-label", "Play");
  }

  #schedule() {
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      if (this.view.t >= this.view.data.sentence.length - 1) return this.pause();
      this.go(this.view.t + 1);
    }, BASE_MS / Number(this.speed.value));
  }
}

export function mount(body, data) {
  body.append(h("p", { class: "w-title" }, `Replay over the default sentence: the chart follows unit ${data.units[0]}, the table shows units ${data.units.join(", ")} (most telling first)`));
  return new Player(body, data);
}
