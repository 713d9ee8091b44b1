// A modal confirmation with the native <dialog>: focus is trapped and Escape cancels, as assistive tech expects.
import { h } from "./dom.js";

export function confirmAction(question: string, confirmLabel: string): Promise<boolean> {
  return new Promise(resolve => {
    const dialog = h("dialog", { class: "confirm", "aria-labelledby": "confirm-question" },
      h("form", { method: "dialog" },
        h("p", { id: "confirm-question" }, question),
        h("div", { class: "actions" },
          h("button", { value: "cancel", type: "submit", class: "secondary", id: "confirm-cancel" }, "Cancel"),
          h("button", { value: "confirm", type: "submit", class: "danger", id: "confirm-ok" }, confirmLabel))));
    document.body.append(dialog);
    dialog.addEventListener("close", () => {
      resolve(dialog.returnValue === "confirm");
      dialog.remove();
    });
    dialog.showModal();
    (dialog.querySelector("#confirm-cancel") as HTMLElement).focus();
  });
}
