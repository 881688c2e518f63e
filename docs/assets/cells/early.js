// On pages with code cells, loaded async from <head> (hooks/pycells.py adds it): Python starts
// booting in its worker while the page is still being read, so the first Run finds it (nearly)
// ready. A reader who asked to save data gets the old behaviour: boot when a cell is near or on Run.
import { sharedRuntime } from "./runtime.js";

if (!navigator.connection?.saveData) sharedRuntime().boot().catch(() => {}); // shown on Run
