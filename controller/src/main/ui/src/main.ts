// The dashboard's shell: sign-in, navigation by URL hash, and the live connection to the controller.
import { h, clear } from "./dom.js";
import { json, setCredentials, forgetCredentials, hasCredentials, whenUnauthorized, ApiError } from "./api.js";
import { LiveSeries } from "./model.js";
import { listPage } from "./list.js";
import { functionPage } from "./fn.js";
import { deployPage } from "./deploy.js";

const live = new LiveSeries();
const main = document.getElementById("main") as HTMLElement;
const nav = document.getElementById("nav") as HTMLElement;
const connection = document.getElementById("connection") as HTMLElement;
let leave: () => void = () => {};

function go(hash: string): void {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function signOut(message?: string): void {
  forgetCredentials();
  live.stop();
  loginPage(message);
}

// Only once signed in: during sign-in the form itself says why the credentials were refused.
whenUnauthorized(() => {
  if (!nav.hidden) signOut("The controller refused the credentials (401). Sign in again.");
});

function loginPage(message?: string): void {
  leave();
  leave = () => {};
  nav.hidden = true;
  clear(main);
  const error = h("p", { role: "alert", class: "error", id: "login-error", hidden: !message }, message ?? "");
  const form = h("form", { id: "login", class: "stack narrow" },
    h("h1", {}, "Sign in"),
    h("p", { class: "muted" }, "Use the control API's credentials (username and password in ~/.faas/credentials)."),
    h("div", { class: "field" }, h("label", { for: "username" }, "Username"),
      h("input", { id: "username", name: "username", autocomplete: "username", required: true, value: "admin" })),
    h("div", { class: "field" }, h("label", { for: "password" }, "Password"),
      h("input", { id: "password", name: "password", type: "password", autocomplete: "current-password", required: true })),
    h("div", { class: "actions" }, h("button", { type: "submit", id: "login-submit" }, "Sign in")),
    error);
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const data = new FormData(form);
    setCredentials(String(data.get("username")), String(data.get("password")));
    try {
      await json("GET", "/system/info");
      start();
    } catch (e) {
      forgetCredentials();
      error.textContent = e instanceof ApiError && e.status === 401
        ? "Wrong username or password: the controller refused them (401)."
        : "Could not sign in: " + (e as Error).message;
      error.hidden = false;
      (form.querySelector("#password") as HTMLInputElement).select();
    }
  });
  main.append(form);
  (form.querySelector("#password") as HTMLElement).focus();
}

function start(): void {
  nav.hidden = false;
  live.start(message => (connection.textContent = "Live updates interrupted: " + message + " (retrying)"));
  if (!location.hash || location.hash === "#/login") location.hash = "#/"; // routes on hashchange
  else route();
}

function route(): void {
  if (!hasCredentials()) {
    loginPage();
    return;
  }
  leave();
  clear(main);
  const hash = location.hash || "#/";
  const fn = /^#\/functions\/([^/]+)\/([^/]+)$/.exec(hash);
  if (fn) {
    leave = functionPage(main, live, decodeURIComponent(fn[1]), decodeURIComponent(fn[2]), go);
    document.title = decodeURIComponent(fn[2]) + " · faas";
  } else if (hash === "#/deploy") {
    leave = deployPage(main, live, go);
    document.title = "Deploy · faas";
  } else {
    leave = listPage(main, live);
    document.title = "Functions · faas";
  }
  main.focus();
}

live.subscribe(() => {
  const state = live.connected ? "Live" : "Reconnecting…";
  if (connection.textContent === state) return; // a live region: announce changes only
  connection.textContent = state;
  connection.className = live.connected ? "ok" : "bad";
});
(document.getElementById("sign-out") as HTMLElement).addEventListener("click", () => signOut());
window.addEventListener("hashchange", route);
if (hasCredentials()) start();
else loginPage();
