// Deploy from an image: the OpenFaaS deployment body, posted to /system/functions.
import { h } from "./dom.js";
import { json, ApiError } from "./api.js";
import { LiveSeries, latest } from "./model.js";

export function deployPage(root: HTMLElement, live: LiveSeries, go: (hash: string) => void): () => void {
  const images = new Set<string>();
  for (const series of live.functions.values()) {
    const image = latest(series)?.image;
    if (image) images.add(image);
  }
  const status = h("p", { role: "alert", class: "error", id: "deploy-error", hidden: true });
  const form = h("form", { id: "deploy-form", class: "stack" },
    field("deploy-name", "Name", h("input", { id: "deploy-name", name: "service", required: true,
      pattern: "[a-z0-9]([-a-z0-9]*[a-z0-9])?", maxlength: 63, autocomplete: "off",
      "aria-describedby": "deploy-name-help" }),
      "Lower-case letters, digits and dashes (a DNS-1123 label)."),
    field("deploy-namespace", "Namespace", h("input", { id: "deploy-namespace", name: "namespace", value: "default",
      required: true })),
    field("deploy-image", "Image", h("input", { id: "deploy-image", name: "image", required: true, list: "known-images",
      autocomplete: "off", "aria-describedby": "deploy-image-help" }),
      "An image built here (faas.local/…, listed) or, with a container backend, any image that serves the function contract."),
    h("datalist", { id: "known-images" }, ...[...images].sort().map(i => h("option", { value: i }))),
    field("deploy-env", "Environment (KEY=value per line)", h("textarea", { id: "deploy-env", name: "env", rows: 3 })),
    field("deploy-labels", "Labels (key=value per line)", h("textarea", { id: "deploy-labels", name: "labels", rows: 3,
      placeholder: "com.openfaas.scale.min=1" })),
    h("div", { class: "actions" }, h("button", { type: "submit", id: "deploy-submit" }, "Deploy")),
    status);

  form.addEventListener("submit", async event => {
    event.preventDefault();
    const data = new FormData(form);
    const service = String(data.get("service")).trim();
    const namespace = String(data.get("namespace")).trim() || "default";
    const submit = form.querySelector("button[type=submit]") as HTMLButtonElement;
    submit.disabled = true;
    submit.textContent = "Deploying… (waits until an instance is ready)";
    status.hidden = true;
    try {
      await json("POST", "/system/functions", {
        service, namespace, image: String(data.get("image")).trim(),
        envVars: pairs(String(data.get("env"))), labels: pairs(String(data.get("labels"))),
      });
      go("#/functions/" + encodeURIComponent(namespace) + "/" + encodeURIComponent(service));
    } catch (e) {
      status.textContent = "Deploy failed" + (e instanceof ApiError ? " (" + e.status + ")" : "") + ": " + (e as Error).message;
      status.hidden = false;
      submit.disabled = false;
      submit.textContent = "Deploy";
    }
  });
  root.append(h("h1", {}, "Deploy a function"), form);
  (form.querySelector("#deploy-name") as HTMLElement).focus();
  return () => {};
}

function field(id: string, label: string, control: HTMLElement, help?: string): HTMLElement {
  return h("div", { class: "field" }, h("label", { for: id }, label), control,
    help ? h("small", { id: id + "-help", class: "muted" }, help) : null);
}

function pairs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}
