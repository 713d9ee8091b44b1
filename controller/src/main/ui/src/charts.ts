// Small SVG charts drawn here (no chart library): time on x over the kept window, values on y.
import { s, h, clear, formatMs, formatTime } from "./dom.js";
import { ColdStart, PHASES } from "./model.js";

// Drawing size in SVG units: the line charts share a row three wide; the cold-start chart spans the page.
let W = 640;
let H = 180;
const PAD = { left: 72, right: 12, top: 14, bottom: 30 };

export interface Line {
  name: string;
  cssClass: string;
  points: Array<[number, number | null]>;
}

export interface Range {
  from: number;
  to: number;
}

function x(range: Range, t: number): number {
  const span = Math.max(1, range.to - range.from);
  return PAD.left + ((t - range.from) / span) * (W - PAD.left - PAD.right);
}

function y(max: number, v: number): number {
  return H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
}

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const magnitude = Math.pow(10, Math.floor(Math.log10(v)));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= v) return step * magnitude;
  return 10 * magnitude;
}

function frame(svg: SVGElement, range: Range, max: number, format: (v: number) => string): void {
  for (const fraction of [0, 0.5, 1]) {
    const yy = y(max, max * fraction);
    svg.append(s("line", { x1: PAD.left, x2: W - PAD.right, y1: yy, y2: yy, class: "grid" }));
    svg.append(s("text", { x: PAD.left - 6, y: yy + 5, class: "axis", "text-anchor": "end" }, format(max * fraction)));
  }
  svg.append(s("text", { x: PAD.left, y: H - 8, class: "axis" }, formatTime(range.from)));
  svg.append(s("text", { x: W - PAD.right, y: H - 8, class: "axis", "text-anchor": "end" }, formatTime(range.to)));
}

/** Draws lines into the container; the svg carries data-last (latest value of the first line) for tests. */
export function lineChart(container: HTMLElement, title: string, lines: Line[], range: Range,
                          format: (v: number) => string): void {
  clear(container);
  W = 640;
  H = 180;
  let max = 0;
  for (const line of lines) for (const [, v] of line.points) if (v !== null && v > max) max = v;
  max = niceMax(max);
  const first = lines[0]?.points ?? [];
  const last = [...first].reverse().find(p => p[1] !== null);
  const summary = lines.map(l => {
    const v = [...l.points].reverse().find(p => p[1] !== null);
    return l.name + " " + (v ? format(v[1] as number) : "no data");
  }).join(", ");
  const svg = s("svg", {
    viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": title + ": " + summary,
    "data-last": last ? String(last[1]) : "", "data-max": String(max),
    "data-nonzero": String(first.filter(p => (p[1] ?? 0) > 0).length),
  });
  frame(svg, range, max, format);
  for (const line of lines) {
    let d = "";
    let pen = false;
    for (const [t, v] of line.points) {
      if (v === null || t < range.from) {
        pen = false;
        continue;
      }
      d += (pen ? "L" : "M") + x(range, t).toFixed(1) + "," + y(max, v).toFixed(1);
      pen = true;
    }
    if (d) svg.append(s("path", { d, class: "line " + line.cssClass }));
  }
  container.append(svg, legend(lines.map(l => [l.name, l.cssClass])));
}

function legend(items: Array<[string, string]>): HTMLElement {
  return h("ul", { class: "legend" },
    ...items.map(([name, cssClass]) => h("li", {}, h("span", { class: "swatch " + cssClass, "aria-hidden": "true" }), name)));
}

/** Each cold start as a point at its time, its phases stacked beneath it as a bar. */
export function coldStartChart(container: HTMLElement, coldStarts: ColdStart[], range: Range): void {
  clear(container);
  W = 1280;
  H = 220;
  const shown = coldStarts.filter(c => c.at >= range.from);
  const max = niceMax(Math.max(0, ...shown.map(c => c.totalMs)));
  const svg = s("svg", {
    viewBox: `0 0 ${W} ${H}`, role: "img", "data-count": String(shown.length),
    "aria-label": "Cold starts: " + (shown.length ? shown.length + " in the window, the last took "
      + formatMs(shown[shown.length - 1].totalMs) : "none in the window"),
  });
  frame(svg, range, max, v => formatMs(v));
  for (const c of shown) {
    const cx = x(range, c.at);
    let base = 0;
    for (const phase of PHASES) {
      const ms = c.phases[phase];
      if (ms === undefined || ms <= 0) continue;
      const top = y(max, base + ms);
      const rect = s("rect", { x: cx - 5, width: 10, y: top, height: Math.max(0.5, y(max, base) - top),
        class: "phase phase-" + phase, "data-phase": phase },
        s("title", {}, phase.replace("_", " ") + ": " + formatMs(ms)));
      svg.append(rect);
      base += ms;
    }
    svg.append(s("circle", { cx, cy: y(max, c.totalMs), r: 5, class: "point " + (c.pooled ? "pooled" : "fresh") },
      s("title", {}, formatTime(c.at) + " — " + formatMs(c.totalMs) + (c.pooled ? " (pool)" : " (fresh start)"))));
  }
  container.append(svg, legend(PHASES.map(p => [p.replace("_", " "), "phase-" + p])));
}
