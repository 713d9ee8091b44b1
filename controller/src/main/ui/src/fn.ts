// One function: live charts, cold starts with their phases, recent calls, invoke, logs, scale and delete.
import { h, clear, formatMs, formatTime } from "./dom.js";
import { json, request, readLines, ApiError } from "./api.js";
import { LiveSeries, keyOf, Series, Sample, RecentCall, PHASES, latest } from "./model.js";
import { lineChart, coldStartChart, Range } from "./charts.js";
import { confirmAction } from "./confirm.js";

interface FunctionStatus {
  name: string;
  namespace: string;
  image: string;
  labels: Record<string, string> | null;
  events: Array<{ at?: string; time?: string; type?: string; message?: string }> | null;
  triggers?: Array<Record<string, unknown>>;
}

interface Call {
  at: number;
  method: string;
  status: number;
  durationMs: number;
  routerMs: string | null;
}

const MAX_LOG_LINES = 500;

export function functionPage(root: HTMLElement, live: LiveSeries, namespace: string, name: string,
                             go: (hash: string) => void): () => void {
  const key = keyOf(namespace, name);
  const abort = new AbortController();
  const calls: Call[] = [];
  // The router's calls as last drawn: redrawn only when a tick brings new ones, so a focused row stays put.
  let shownCalls: RecentCall[] | null = null;

  const stats = h("dl", { class: "stats", id: "fn-stats" });
  const rpsChart = h("div", { class: "chart", id: "chart-rps" });
  const latencyChart = h("div", { class: "chart", id: "chart-latency" });
  const instancesChart = h("div", { class: "chart", id: "chart-instances" });
  const coldChart = h("div", { class: "chart", id: "chart-coldstarts" });
  const poolFigures = h("p", { id: "pool-figures" });
  const coldBody = h("tbody", {});
  const recentBody = h("tbody", {});
  const myCallsBody = h("tbody", {});
  const logs = h("pre", { id: "logs", class: "logs", role: "log", tabindex: 0, "aria-label": "Live logs" });
  const logState = h("p", { class: "muted", id: "logs-state" }, "Connecting to the logs…");
  const triggers = h("section", { id: "triggers", hidden: true, "aria-labelledby": "triggers-h" });
  const events = h("ul", { id: "events", class: "events" });
  const actionError = h("p", { role: "alert", class: "error", id: "action-error", hidden: true });

  // Invoke form.
  const responseView = h("div", { id: "invoke-response", "aria-live": "polite" });
  const invokeForm = h("form", { id: "invoke-form", class: "stack" },
    h("div", { class: "field inline" }, h("label", { for: "invoke-method" }, "Method"),
      h("select", { id: "invoke-method" }, ...["POST", "GET", "PUT", "DELETE"].map(m => h("option", { value: m }, m)))),
    h("div", { class: "field" }, h("label", { for: "invoke-body" }, "Request body"),
      h("textarea", { id: "invoke-body", rows: 4 })),
    h("div", { class: "actions" }, h("button", { type: "submit", id: "invoke-submit" }, "Invoke")),
    responseView);
  invokeForm.addEventListener("submit", async event => {
    event.preventDefault();
    const method = (invokeForm.querySelector("#invoke-method") as HTMLSelectElement).value;
    const body = (invokeForm.querySelector("#invoke-body") as HTMLTextAreaElement).value;
    const started = performance.now();
    clear(responseView);
    responseView.append(h("p", { class: "muted" }, "Calling " + name + "…"));
    try {
      // Function calls are open and go through the router, as any client's would.
      const response = await fetch("/function/" + encodeURIComponent(name) + "." + encodeURIComponent(namespace),
        { method, body: method === "GET" ? undefined : body, credentials: "omit" });
      const text = await response.text();
      const call: Call = { at: Date.now(), method, status: response.status,
        durationMs: performance.now() - started, routerMs: response.headers.get("X-Duration-Ms") };
      calls.unshift(call);
      calls.splice(20);
      clear(responseView);
      responseView.append(
        h("p", {}, h("strong", { id: "invoke-status", class: response.ok ? "ok" : "bad" }, "HTTP " + response.status),
          " in " + formatMs(call.durationMs) + (call.routerMs ? " (router: " + call.routerMs + " ms)" : "")),
        h("pre", { id: "invoke-output", class: "output", tabindex: 0, "aria-label": "Response body" }, text));
      renderMyCalls();
    } catch (e) {
      clear(responseView);
      responseView.append(h("p", { class: "error", role: "alert" }, "The call failed: " + (e as Error).message));
    }
  });

  // Scale and delete.
  const replicasInput = h("input", { id: "scale-replicas", type: "number", min: 0, max: 100, value: 1, required: true });
  const scaleForm = h("form", { id: "scale-form", class: "inline-form" },
    h("label", { for: "scale-replicas" }, "Replicas"), replicasInput,
    h("button", { type: "submit", id: "scale-submit" }, "Scale"));
  scaleForm.addEventListener("submit", async event => {
    event.preventDefault();
    const replicas = Number(replicasInput.value);
    if (!(await confirmAction("Scale " + name + " to " + replicas + " replica" + (replicas === 1 ? "" : "s") + "?"
      + (replicas === 0 ? " It stops every instance; the next call starts one again (a cold start)." : ""), "Scale"))) return;
    await act(() => json("POST", "/system/scale-function/" + encodeURIComponent(name) + "?namespace="
      + encodeURIComponent(namespace), { serviceName: name, namespace, replicas }));
  });
  const deleteButton = h("button", { type: "button", class: "danger", id: "delete-function" }, "Delete " + name);
  deleteButton.addEventListener("click", async () => {
    if (!(await confirmAction("Delete " + name + " from namespace " + namespace + "? Its instances are stopped.",
      "Delete"))) return;
    if (await act(() => json("DELETE", "/system/functions", { functionName: name, namespace }))) go("#/");
  });

  async function act(action: () => Promise<unknown>): Promise<boolean> {
    actionError.hidden = true;
    try {
      await action();
      return true;
    } catch (e) {
      actionError.textContent = (e instanceof ApiError ? "(" + e.status + ") " : "") + (e as Error).message;
      actionError.hidden = false;
      return false;
    }
  }

  root.append(
    h("p", {}, h("a", { href: "#/" }, "← All functions")),
    h("h1", {}, name, h("span", { class: "muted" }, " in " + namespace)),
    stats,
    h("section", { "aria-labelledby": "traffic-h" }, h("h2", { id: "traffic-h" }, "Traffic"),
      h("div", { class: "charts" },
        h("figure", {}, h("figcaption", {}, "Requests per second"), rpsChart),
        h("figure", {}, h("figcaption", {}, "Latency p50 / p99"), latencyChart),
        h("figure", {}, h("figcaption", {}, "Instances"), instancesChart))),
    h("section", { "aria-labelledby": "cold-h" }, h("h2", { id: "cold-h" }, "Cold starts"),
      h("div", { class: "charts" }, h("figure", { class: "wide" }, h("figcaption", {}, "Each cold start: total, phases stacked"), coldChart)),
      poolFigures,
      h("table", { id: "coldstarts" },
        h("caption", { class: "visually-hidden" }, "Cold starts with their phases in milliseconds"),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "When"), h("th", { scope: "col" }, "Total"),
          h("th", { scope: "col" }, "Kind"), ...PHASES.map(p => h("th", { scope: "col" }, p.replace("_", " "))))),
        coldBody)),
    h("div", { class: "columns" },
      h("section", { "aria-labelledby": "invoke-h" }, h("h2", { id: "invoke-h" }, "Invoke"), invokeForm),
      h("section", { "aria-labelledby": "calls-h" }, h("h2", { id: "calls-h" }, "Recent calls"),
        h("table", { id: "my-calls" }, h("caption", {}, "From this page"),
          h("thead", {}, h("tr", {}, ...["When", "Method", "Status", "Duration"].map(l => h("th", { scope: "col" }, l)))),
          myCallsBody),
        h("table", { id: "recent-calls" }, h("caption", {}, "All callers (the router's last calls, newest first)"),
          h("thead", {}, h("tr", {}, ...["When", "Status", "Duration", "Call id", "Cold start"].map(l => h("th", { scope: "col" }, l)))),
          recentBody))),
    h("section", { "aria-labelledby": "logs-h" }, h("h2", { id: "logs-h" }, "Logs (live)"), logState, logs),
    triggers,
    h("section", { "aria-labelledby": "manage-h" }, h("h2", { id: "manage-h" }, "Scale and delete"),
      scaleForm, h("p", {}, deleteButton), actionError),
    h("section", { "aria-labelledby": "events-h" }, h("h2", { id: "events-h" }, "Recent events"), events));

  function renderMyCalls(): void {
    clear(myCallsBody);
    for (const c of calls) {
      myCallsBody.append(h("tr", {}, h("td", {}, formatTime(c.at)), h("td", {}, c.method),
        h("td", { class: c.status < 400 ? "ok" : "bad" }, c.status), h("td", { class: "num" }, formatMs(c.durationMs))));
    }
  }

  const render = () => {
    const series: Series | undefined = live.functions.get(key);
    clear(stats);
    if (!series) {
      stats.append(h("dt", {}, "Status"), h("dd", {}, live.connected ? "not deployed (or just removed)" : "connecting…"));
      return;
    }
    const last = latest(series);
    const range: Range = { from: live.now - live.window * live.intervalMs, to: live.now };
    const stat = (label: string, id: string, value: string | number) => stats.append(h("dt", {}, label), h("dd", { id }, value));
    stat("Image", "fn-image", last?.image ?? "");
    stat("Replicas (ready/desired)", "fn-replicas", last ? last.readyReplicas + "/" + last.replicas : "–");
    stat("Invocations", "fn-invocations", last?.invocations ?? 0);
    stat("In flight", "fn-inflight", last?.inFlight ?? 0);
    stat("Requests/s", "fn-rps", last ? last.requestsPerSecond.toFixed(1) : "0");
    stat("Cold starts kept", "fn-coldstarts", series.coldStarts.length);

    const samples = series.samples;
    const pts = (f: (s: Sample) => number | null) => samples.map(s => [s.at, f(s)] as [number, number | null]);
    lineChart(rpsChart, "Requests per second", [{ name: "requests/s", cssClass: "c1", points: pts(s => s.requestsPerSecond) }],
      range, v => v.toFixed(v < 10 ? 1 : 0));
    lineChart(latencyChart, "Latency", [
      { name: "p50", cssClass: "c1", points: pts(s => s.p50Ms) },
      { name: "p99", cssClass: "c2", points: pts(s => s.p99Ms) }], range, v => formatMs(v));
    lineChart(instancesChart, "Instances", [
      { name: "ready", cssClass: "c3", points: pts(s => s.readyReplicas) },
      { name: "desired", cssClass: "c4", points: pts(s => s.replicas) }], range, v => (Number.isInteger(v) ? String(v) : v.toFixed(1)));
    coldStartChart(coldChart, series.coldStarts, range);

    const pooled = series.coldStarts.filter(c => c.pooled === true).length;
    poolFigures.textContent = series.coldStarts.length === 0 ? "No cold starts kept yet."
      : "Pool hits: " + pooled + " · fresh starts: " + (series.coldStarts.length - pooled);

    clear(coldBody);
    for (const c of [...series.coldStarts].reverse()) {
      coldBody.append(h("tr", { "data-coldstart": c.id },
        h("td", {}, formatTime(c.at)), h("td", { class: "num total" }, formatMs(c.totalMs)),
        h("td", {}, c.pooled ? "pool" : "fresh"),
        ...PHASES.map(p => h("td", { class: "num", "data-phase": p }, c.phases[p] === undefined ? "–" : c.phases[p]))));
    }
    if (series.recentCalls !== shownCalls) {
      shownCalls = series.recentCalls;
      clear(recentBody);
      for (const c of series.recentCalls) {
        recentBody.append(h("tr", { "data-call-id": c.callId },
          h("td", {}, formatTime(c.at)),
          h("td", { class: c.status < 400 ? "ok status" : "bad status" }, c.status),
          h("td", { class: "num" }, formatMs(c.durationMs)),
          h("td", { class: "call-id" }, h("code", { title: c.method + " " + c.path }, c.callId)),
          h("td", {}, c.coldStart ? "yes" : "no")));
      }
      if (!series.recentCalls.length) {
        recentBody.append(h("tr", {}, h("td", { colspan: 5, class: "muted" }, "No calls through the router yet.")));
      }
    }
  };

  // Status details the series do not carry: labels, events, triggers (when the controller reports any).
  const loadStatus = async () => {
    try {
      const status = await json<FunctionStatus>("GET", "/system/function/" + encodeURIComponent(name)
        + "?namespace=" + encodeURIComponent(namespace));
      clear(events);
      for (const e of (status.events ?? []).slice(-10).reverse()) {
        events.append(h("li", {}, [e.at ?? e.time ?? "", e.type ?? "", e.message ?? ""].filter(Boolean).join(" — ")));
      }
      if (!events.firstChild) events.append(h("li", { class: "muted" }, "none"));
      if (status.triggers && status.triggers.length) {
        clear(triggers);
        triggers.hidden = false;
        triggers.append(h("h2", { id: "triggers-h" }, "Triggers"), h("ul", {},
          ...status.triggers.map(t => h("li", {}, Object.entries(t).map(([k, v]) => k + ": " + String(v)).join(", ")))));
      }
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) actionError.textContent = (e as Error).message;
    }
  };

  const followLogs = async () => {
    try {
      const response = await request("GET", "/system/logs?follow=true&tail=100&name=" + encodeURIComponent(name)
        + "&namespace=" + encodeURIComponent(namespace), undefined, abort.signal, "application/x-ndjson");
      logState.textContent = "Following the instances' output.";
      await readLines(response, line => {
        if (!line.trim()) return;
        let text = line;
        try {
          const parsed = JSON.parse(line);
          text = (parsed.timestamp ? formatTime(Date.parse(parsed.timestamp)) + " " : "")
            + (parsed.instance ? "[" + parsed.instance + "] " : "") + parsed.text;
        } catch {
          // a line that is not JSON is shown as it came
        }
        const atBottom = logs.scrollTop + logs.clientHeight >= logs.scrollHeight - 4;
        logs.append(text + "\n");
        while (logs.childNodes.length > MAX_LOG_LINES) logs.removeChild(logs.firstChild as Node);
        if (atBottom) logs.scrollTop = logs.scrollHeight;
      });
      if (!abort.signal.aborted) logState.textContent = "The log stream ended.";
    } catch (e) {
      if (!abort.signal.aborted) logState.textContent = "Logs unavailable: " + (e as Error).message;
    }
  };

  render();
  loadStatus();
  followLogs();
  const statusTimer = window.setInterval(loadStatus, 5000);
  const unsubscribe = live.subscribe(render);
  return () => {
    abort.abort();
    window.clearInterval(statusTimer);
    unsubscribe();
  };
}
