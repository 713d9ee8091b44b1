// Deploy from an image (the OpenFaaS deployment body, posted to /system/functions) or from a template the
// controller offers: it builds the function from the template (handler optionally edited here), the page follows
// the build's steps and log, then deploys the image the build made.
import { h, clear } from "./dom.js";
import { json, request, readLines, ApiError } from "./api.js";
import { LiveSeries, latest } from "./model.js";

interface Template {
  name: string;
  language: string;
  description: string;
  handler: string;
  handlerFile: string;
  handlerSource: string;
}

interface BuildStatus {
  id: string;
  status: "running" | "succeeded" | "failed";
  image: string | null;
  error: string | null;
}

/** A Maven step line: `[INFO] --- compiler:3.13.0:compile (default-compile) @ greeter ---`. */
const MAVEN_STEP = /^\[INFO\] --- ([\w.-]+):[\w.-]+:([\w-]+) /;
/** Terminal colour sequences in Maven's output. */
const ANSI = /\u001B\[[0-9;?]*[A-Za-z]/g;
const MAX_BUILD_LOG_LINES = 2000;

export function deployPage(root: HTMLElement, live: LiveSeries, go: (hash: string) => void): () => void {
  const abort = new AbortController();
  const images = new Set<string>();
  for (const series of live.functions.values()) {
    const image = latest(series)?.image;
    if (image) images.add(image);
  }
  let templates: Template[] = [];

  const status = h("p", { role: "alert", class: "error", id: "deploy-error", tabindex: -1, hidden: true });
  const imageInput = h("input", { id: "deploy-image", name: "image", required: true, list: "known-images",
    autocomplete: "off", "aria-describedby": "deploy-image-help" });
  const imageFields = h("div", { id: "deploy-image-fields", class: "stack" },
    field("deploy-image", "Image", imageInput,
      "An image built here (faas.local/…, listed) or, with a container backend, any image that serves the function contract."),
    h("datalist", { id: "known-images" }, ...[...images].sort().map(i => h("option", { value: i }))));

  const templateSelect = h("select", { id: "deploy-template", name: "template", "aria-describedby": "deploy-template-help" });
  const templateHelp = h("small", { id: "deploy-template-help", class: "muted" }, "Loading the controller's templates…");
  const handlerLabel = h("label", { for: "deploy-handler" }, "Handler source");
  const handlerInput = h("textarea", { id: "deploy-handler", name: "handler", rows: 16, spellcheck: false,
    class: "code", "aria-describedby": "deploy-handler-help" });
  const templateFields = h("div", { id: "deploy-template-fields", class: "stack", hidden: true },
    h("div", { class: "field" }, h("label", { for: "deploy-template" }, "Template"), templateSelect, templateHelp),
    h("div", { class: "field" }, handlerLabel, handlerInput,
      h("small", { id: "deploy-handler-help", class: "muted" },
        "The template's handler; edit it as you like. The controller compiles it with the template's Maven build "
        + "(with an edited handler, the template's own tests are left out).")));

  const modeImage = h("input", { type: "radio", id: "deploy-from-image", name: "from", value: "image", checked: true });
  const modeTemplate = h("input", { type: "radio", id: "deploy-from-template", name: "from", value: "template" });
  const mode = h("fieldset", { class: "choice" }, h("legend", {}, "Deploy from"),
    h("label", { for: "deploy-from-image" }, modeImage, " An image"),
    h("label", { for: "deploy-from-template" }, modeTemplate, " A template (built here from source)"));

  // Build progress: the steps seen so far, the live log, and a status line screen readers hear.
  const steps = h("ol", { id: "build-steps", class: "steps" });
  const buildState = h("p", { id: "build-status", role: "status", "aria-live": "polite" });
  const buildLog = h("pre", { id: "build-log", class: "logs", role: "log", tabindex: 0, "aria-label": "Build log" });
  const progress = h("section", { id: "build-progress", "aria-labelledby": "build-h", hidden: true },
    h("h2", { id: "build-h" }, "Build"), buildState, steps, buildLog);

  const submit = h("button", { type: "submit", id: "deploy-submit" }, "Deploy");
  const form = h("form", { id: "deploy-form", class: "stack" },
    mode,
    field("deploy-name", "Name", h("input", { id: "deploy-name", name: "service", required: true,
      pattern: "[a-z0-9]([-a-z0-9]*[a-z0-9])?", maxlength: 63, autocomplete: "off",
      "aria-describedby": "deploy-name-help" }),
      "Lower-case letters, digits and dashes (a DNS-1123 label)."),
    field("deploy-namespace", "Namespace", h("input", { id: "deploy-namespace", name: "namespace", value: "default",
      required: true })),
    imageFields,
    templateFields,
    field("deploy-env", "Environment (KEY=value per line)", h("textarea", { id: "deploy-env", name: "env", rows: 3 })),
    field("deploy-labels", "Labels (key=value per line)", h("textarea", { id: "deploy-labels", name: "labels", rows: 3,
      placeholder: "com.openfaas.scale.min=1" })),
    h("div", { class: "actions" }, submit),
    status);

  const fromTemplate = () => modeTemplate.checked;
  const showMode = () => {
    imageFields.hidden = fromTemplate();
    templateFields.hidden = !fromTemplate();
    imageInput.required = !fromTemplate();
    templateSelect.required = fromTemplate();
    handlerInput.required = fromTemplate();
  };
  modeImage.addEventListener("change", showMode);
  modeTemplate.addEventListener("change", showMode);

  const chooseTemplate = () => {
    const chosen = templates.find(t => t.name === templateSelect.value);
    if (!chosen) return;
    templateHelp.textContent = (chosen.language ? chosen.language + ": " : "") + chosen.description;
    handlerLabel.textContent = "Handler source (" + chosen.handlerFile + ")";
    handlerInput.value = chosen.handlerSource;
  };
  templateSelect.addEventListener("change", chooseTemplate);
  json<{ templates: Template[] }>("GET", "/system/templates").then(answer => {
    templates = answer.templates ?? [];
    clear(templateSelect);
    for (const t of templates) templateSelect.append(h("option", { value: t.name }, t.name + (t.language ? " (" + t.language + ")" : "")));
    if (templates.length) chooseTemplate();
    else templateHelp.textContent = "The controller offers no templates (faas.templates-dir is empty).";
  }).catch(e => {
    templateHelp.textContent = "Could not load the templates: " + (e as Error).message;
  });

  /** One build step in the list; the previous one is marked done when the next starts. */
  let currentStep: HTMLElement | null = null;
  let currentStepName = "";
  const step = (name: string) => {
    if (currentStep) finishStep(currentStep, "done");
    currentStepName = name;
    currentStep = h("li", { class: "step running", "data-step": name }, name);
    steps.append(currentStep);
    buildState.textContent = "Now: " + name + "…";
  };
  const finishStep = (li: HTMLElement, outcome: "done" | "failed") => {
    li.className = "step " + outcome;
    if (!li.querySelector(".outcome")) li.append(h("span", { class: "outcome" }, outcome === "done" ? " — done" : " — failed"));
  };
  const logLine = (line: string) => {
    const atBottom = buildLog.scrollTop + buildLog.clientHeight >= buildLog.scrollHeight - 4;
    buildLog.append(line + "\n");
    while (buildLog.childNodes.length > MAX_BUILD_LOG_LINES) buildLog.removeChild(buildLog.firstChild as Node);
    if (atBottom) buildLog.scrollTop = buildLog.scrollHeight;
  };

  /** Builds from the template; resolves to the image, or throws an error naming the failing step. */
  const build = async (service: string, namespace: string): Promise<string> => {
    const template = templates.find(t => t.name === templateSelect.value);
    if (!template) throw new Error("choose a template first");
    progress.hidden = false;
    clear(steps);
    clear(buildLog);
    currentStep = null;
    step("Upload the project (template " + template.name + ")");
    const started = await json<BuildStatus>("POST", "/system/templates/" + encodeURIComponent(template.name) + "/builds",
      { name: service, namespace, handlerSource: handlerInput.value });
    step("Build " + started.id + ": start Maven");
    const logs = await request("GET", "/system/builds/" + encodeURIComponent(started.id) + "/logs", undefined,
      abort.signal, "text/plain");
    await readLines(logs, raw => {
      const line = raw.replace(ANSI, "");
      logLine(line);
      const maven = MAVEN_STEP.exec(line);
      if (maven) step("Build: " + maven[2] + " (" + maven[1].replace("maven-", "").replace("-plugin", "") + ")");
      else if (line.startsWith("image: ") && !currentStepName.startsWith("Image")) step("Image: build the container image");
    });
    // The log ends with the build; the status may lag a moment behind it.
    let result = await json<BuildStatus>("GET", "/system/builds/" + encodeURIComponent(started.id));
    for (let i = 0; result.status === "running" && i < 200 && !abort.signal.aborted; i++) {
      await new Promise(resolve => setTimeout(resolve, 300));
      result = await json<BuildStatus>("GET", "/system/builds/" + encodeURIComponent(started.id));
    }
    if (result.status !== "succeeded" || !result.image) {
      throw new StepFailure(currentStepName, result.error ?? "the build " + result.status + " without an image");
    }
    return result.image;
  };

  form.addEventListener("submit", async event => {
    event.preventDefault();
    const data = new FormData(form);
    const service = String(data.get("service")).trim();
    const namespace = String(data.get("namespace")).trim() || "default";
    submit.disabled = true;
    status.hidden = true;
    try {
      let image = String(data.get("image") ?? "").trim();
      if (fromTemplate()) {
        submit.textContent = "Building…";
        image = await build(service, namespace);
        step("Deploy " + image);
      }
      submit.textContent = "Deploying… (waits until an instance is ready)";
      await json("POST", "/system/functions", {
        service, namespace, image, envVars: pairs(String(data.get("env"))), labels: pairs(String(data.get("labels"))),
      });
      if (currentStep) finishStep(currentStep, "done");
      go("#/functions/" + encodeURIComponent(namespace) + "/" + encodeURIComponent(service));
    } catch (e) {
      if (abort.signal.aborted) return;
      const failedStep = e instanceof StepFailure ? e.step : fromTemplate() ? currentStepName : "";
      if (currentStep && fromTemplate()) finishStep(currentStep, "failed");
      status.textContent = (failedStep ? "Failed at step “" + failedStep + "”" : "Deploy failed")
        + (e instanceof ApiError ? " (" + e.status + ")" : "") + ": " + (e as Error).message;
      status.hidden = false;
      if (fromTemplate()) buildState.textContent = "The build stopped at: " + failedStep;
      submit.disabled = false;
      submit.textContent = "Deploy";
      status.focus();
    }
  });
  root.append(h("h1", {}, "Deploy a function"), form, progress);
  (form.querySelector("#deploy-name") as HTMLElement).focus();
  return () => abort.abort();
}

/** An error of one named step of a template deploy. */
class StepFailure extends Error {
  constructor(readonly step: string, message: string) {
    super(message);
  }
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
