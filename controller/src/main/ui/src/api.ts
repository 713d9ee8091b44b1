// Calls to the control API with the Basic credentials the user typed. They live in sessionStorage (gone when
// the tab closes) and travel only in the Authorization header; `credentials: "omit"` keeps the browser from
// caching them or showing its own login prompt on a 401.
const KEY = "faas.dashboard.auth";

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function hasCredentials(): boolean {
  return sessionStorage.getItem(KEY) !== null;
}

export function setCredentials(username: string, password: string): void {
  const bytes = new TextEncoder().encode(username + ":" + password);
  let binary = "";
  bytes.forEach(b => (binary += String.fromCharCode(b)));
  sessionStorage.setItem(KEY, "Basic " + btoa(binary));
}

export function forgetCredentials(): void {
  sessionStorage.removeItem(KEY);
}

let onUnauthorized: () => void = () => {};
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

export async function request(method: string, path: string, body?: unknown, signal?: AbortSignal,
                              accept = "application/json"): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  const auth = sessionStorage.getItem(KEY);
  if (auth) headers["Authorization"] = auth;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method, headers, credentials: "omit", signal,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    const message = await errorMessage(response);
    if (response.status === 401) onUnauthorized();
    throw new ApiError(response.status, message);
  }
  return response;
}

export async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await request(method, path, body);
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

async function errorMessage(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed.message === "string") return parsed.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text || response.status + " " + response.statusText;
}

/** Reads a streamed response line by line until it ends or the signal aborts it. */
export async function readLines(response: Response, onLine: (line: string) => void): Promise<void> {
  if (!response.body) return;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      onLine(buffered.slice(0, newline).replace(/\r$/, ""));
      buffered = buffered.slice(newline + 1);
    }
  }
  if (buffered) onLine(buffered);
}

/**
 * Server-sent events over fetch: EventSource cannot send an Authorization header. Calls onEvent per event and
 * resolves when the stream ends.
 */
export async function streamEvents(path: string, signal: AbortSignal,
                                   onEvent: (name: string, data: string) => void): Promise<void> {
  const response = await request("GET", path, undefined, signal, "text/event-stream");
  let name = "message";
  let data: string[] = [];
  await readLines(response, line => {
    if (line === "") {
      if (data.length) onEvent(name, data.join("\n"));
      name = "message";
      data = [];
    } else if (line.startsWith("event:")) {
      name = line.slice(6).trim();
    } else if (line.startsWith("data:")) {
      data.push(line.slice(5).replace(/^ /, ""));
    }
  });
}
