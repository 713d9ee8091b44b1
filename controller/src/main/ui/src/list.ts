// The function list: one row per function, refreshed on every tick.
import { h, clear, formatMs, formatAgo } from "./dom.js";
import { LiveSeries, latest, errorRate } from "./model.js";

export function listPage(root: HTMLElement, live: LiveSeries): () => void {
  const tbody = h("tbody", {});
  const empty = h("p", { class: "muted", id: "no-functions", hidden: true }, "No functions deployed yet. ",
    h("a", { href: "#/deploy" }, "Deploy one"), ".");
  root.append(
    h("h1", {}, "Functions"),
    h("table", { class: "functions", id: "functions" },
      h("caption", { class: "visually-hidden" }, "Deployed functions, updated every second"),
      h("thead", {}, h("tr", {},
        ...["Name", "Namespace", "Image", "Replicas (ready/desired)", "Invocations", "Error rate", "Last cold start"]
          .map(label => h("th", { scope: "col" }, label)))),
      tbody),
    empty);

  const render = () => {
    clear(tbody);
    const all = [...live.functions.values()].sort((a, b) => (a.namespace + a.name).localeCompare(b.namespace + b.name));
    empty.hidden = all.length > 0 || !live.connected;
    for (const series of all) {
      const last = latest(series);
      const rate = errorRate(series);
      const cold = series.coldStarts[series.coldStarts.length - 1];
      const href = "#/functions/" + encodeURIComponent(series.namespace) + "/" + encodeURIComponent(series.name);
      tbody.append(h("tr", { "data-function": series.name, "data-namespace": series.namespace },
        h("th", { scope: "row" }, h("a", { href }, series.name)),
        h("td", {}, series.namespace),
        h("td", { class: "image" }, last?.image ?? ""),
        h("td", { class: "replicas" }, last ? last.readyReplicas + "/" + last.replicas : "–"),
        h("td", { class: "invocations num" }, last ? last.invocations : 0),
        h("td", { class: "num" }, rate === null ? "–" : (rate * 100).toFixed(1) + " %"),
        h("td", {}, cold ? formatMs(cold.totalMs) + ", " + formatAgo(cold.at, live.now) : "none")));
    }
  };
  render();
  return live.subscribe(render);
}
