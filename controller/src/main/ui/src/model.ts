// The controller's series as the dashboard keeps them: the snapshot, then one sample per function per tick.
import { streamEvents } from "./api.js";

export interface ColdStart {
  id: string;
  at: number;
  totalMs: number;
  phases: Record<string, number>;
  pooled: boolean;
}

export interface Sample {
  at: number;
  namespace: string;
  name: string;
  image: string;
  replicas: number;
  readyReplicas: number;
  invocations: number;
  inFlight: number;
  requestsPerSecond: number;
  calls: number;
  errors: number;
  statuses: Record<string, number>;
  p50Ms: number | null;
  p99Ms: number | null;
  coldStarts: ColdStart[];
}

/** A call the router forwarded, from its ring of recent calls (any caller). */
export interface RecentCall {
  callId: string;
  at: number;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  coldStart: boolean;
}

export interface Series {
  namespace: string;
  name: string;
  samples: Sample[];
  coldStarts: ColdStart[];
  recentCalls: RecentCall[];
}

interface FunctionCalls {
  namespace: string;
  name: string;
  calls: RecentCall[];
}

interface Snapshot {
  at: number;
  sampleIntervalMs: number;
  window: number;
  functions: Series[];
}

interface Tick {
  at: number;
  samples: Sample[];
  recentCalls?: FunctionCalls[];
}

export const PHASES = ["schedule", "process_start", "runtime_init", "handler_load", "readiness", "first_response"];

export function keyOf(namespace: string, name: string): string {
  return namespace + "/" + name;
}

/** Holds the live series and tells listeners after every change. */
export class LiveSeries {
  readonly functions = new Map<string, Series>();
  window = 300;
  intervalMs = 1000;
  now = Date.now();
  connected = false;
  private listeners = new Set<() => void>();
  private abort: AbortController | null = null;

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Connects to the event stream, and again after a drop, until stop() is called. */
  start(onFailure: (message: string) => void): void {
    this.stop();
    const abort = new AbortController();
    this.abort = abort;
    const loop = async () => {
      while (!abort.signal.aborted) {
        try {
          await streamEvents("/system/dashboard/events", abort.signal, (name, data) => this.onEvent(name, data));
        } catch (e) {
          if (abort.signal.aborted) return;
          onFailure((e as Error).message);
        }
        this.connected = false;
        this.notify();
        await new Promise(resolve => setTimeout(resolve, 2000));
      }
    };
    loop();
  }

  stop(): void {
    this.abort?.abort();
    this.abort = null;
    this.connected = false;
  }

  private onEvent(name: string, data: string): void {
    if (name === "snapshot") {
      const snapshot = JSON.parse(data) as Snapshot;
      this.window = snapshot.window;
      this.intervalMs = snapshot.sampleIntervalMs;
      this.now = snapshot.at;
      this.functions.clear();
      for (const f of snapshot.functions ?? []) {
        this.functions.set(keyOf(f.namespace, f.name), {
          namespace: f.namespace, name: f.name,
          samples: (f.samples ?? []).map(normalize), coldStarts: f.coldStarts ?? [],
          recentCalls: f.recentCalls ?? [],
        });
      }
    } else if (name === "tick") {
      const tick = JSON.parse(data) as Tick;
      this.now = tick.at;
      const present = new Set<string>();
      for (const sample of (tick.samples ?? []).map(normalize)) {
        const key = keyOf(sample.namespace, sample.name);
        present.add(key);
        let series = this.functions.get(key);
        if (!series) {
          series = { namespace: sample.namespace, name: sample.name, samples: [], coldStarts: [], recentCalls: [] };
          this.functions.set(key, series);
        }
        series.samples.push(sample);
        if (series.samples.length > this.window) series.samples.splice(0, series.samples.length - this.window);
        series.coldStarts.push(...sample.coldStarts);
        if (series.coldStarts.length > 50) series.coldStarts.splice(0, series.coldStarts.length - 50);
      }
      for (const key of [...this.functions.keys()]) if (!present.has(key)) this.functions.delete(key);
      // Only functions whose calls changed are in a tick; the others keep theirs.
      for (const calls of tick.recentCalls ?? []) {
        const series = this.functions.get(keyOf(calls.namespace, calls.name));
        if (series) series.recentCalls = calls.calls ?? [];
      }
    } else {
      return;
    }
    this.connected = true;
    this.notify();
  }

  private notify(): void {
    this.listeners.forEach(l => l());
  }
}

/** The controller leaves out empty lists and nulls; put them back so that the views need not check. */
function normalize(sample: Sample): Sample {
  return {
    ...sample,
    statuses: sample.statuses ?? {}, coldStarts: sample.coldStarts ?? [],
    p50Ms: sample.p50Ms ?? null, p99Ms: sample.p99Ms ?? null,
  };
}

export function latest(series: Series | undefined): Sample | undefined {
  return series && series.samples.length ? series.samples[series.samples.length - 1] : undefined;
}

/** Errors over calls in the kept window; null when there were no calls. */
export function errorRate(series: Series): number | null {
  let calls = 0;
  let errors = 0;
  for (const s of series.samples) {
    calls += s.calls;
    errors += s.errors;
  }
  return calls === 0 ? null : errors / calls;
}
