/**
 * File uploads with a progress bar. Without JavaScript a file form posts as usual. With it, the
 * same form is sent by XMLHttpRequest (the only browser API that reports upload progress), and
 * the page the server answers — the page its redirect leads to, or the same page with the error —
 * replaces this one, as a normal submission would, flash message and error summary included.
 */

// Announced at these steps only: a screen reader is not flooded with every percent.
const ANNOUNCE_EVERY_PERCENT = 25;

let sequence = 0;

/** The form's fields with the button that sent it (as a normal submission posts it). */
function formData(form: HTMLFormElement, submitter: HTMLElement | null): FormData {
  const data = new FormData(form);
  if (submitter instanceof HTMLButtonElement && submitter.name) data.append(submitter.name, submitter.value);
  return data;
}

function progressBar(form: HTMLFormElement, fileName: string) {
  const id = `upload-progress-${++sequence}`;
  const box = document.createElement("div");
  box.className = "upload-progress";
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = `Envoi de ${fileName}`;
  const bar = document.createElement("progress");
  bar.id = id;
  bar.max = 100;
  bar.value = 0;
  const status = document.createElement("p");
  status.className = "upload-progress__status";
  status.setAttribute("role", "status");
  box.append(label, bar, status);
  form.append(box);
  return { box, bar, status };
}

function replacePage(xhr: XMLHttpRequest, action: string, onPageReplaced: () => void) {
  const next = xhr.responseXML;
  if (!next?.body || !(xhr.getResponseHeader("content-type") ?? "").startsWith("text/html")) {
    window.location.assign(xhr.responseURL || window.location.href);
    return;
  }
  // Every page has the same head (stylesheets, script): only the title and the body change, so
  // nothing is restyled while the stylesheets would load again.
  document.title = next.title;
  document.body.replaceWith(document.adoptNode(next.body));
  // After a redirect the address is the page shown; an error page is the current page again.
  const shown = xhr.responseURL && xhr.responseURL !== action ? xhr.responseURL : window.location.href;
  if (shown === window.location.href) window.history.replaceState(null, "", shown);
  else window.history.pushState(null, "", shown);
  window.scrollTo(0, 0);
  onPageReplaced();
  // As after a page load: the error summary takes focus (onPageReplaced); otherwise the content does.
  if (!document.querySelector("[data-error-summary]")) document.getElementById("contenu")?.focus();
}

export function enhanceUploads(onPageReplaced: () => void, root: ParentNode = document): void {
  for (const form of root.querySelectorAll<HTMLFormElement>('form[enctype="multipart/form-data"]')) {
    form.addEventListener("submit", (event) => {
      const input = form.querySelector<HTMLInputElement>('input[type="file"]');
      const file = input?.files?.[0];
      // No file chosen: the server's own answer explains it, as without JavaScript.
      if (!file || event.defaultPrevented) return;
      event.preventDefault();
      const data = formData(form, event.submitter);
      // Not `form.action`, which a field named "action" would shadow.
      const action = new URL(form.getAttribute("action") ?? "", window.location.href).href;
      const { box, bar, status } = progressBar(form, file.name);
      const buttons = [...form.querySelectorAll<HTMLButtonElement>("button")];
      for (const button of buttons) button.disabled = true;

      let announced = -1;
      const xhr = new XMLHttpRequest();
      xhr.open("POST", action);
      xhr.responseType = "document";
      xhr.upload.addEventListener("progress", (progress) => {
        if (!progress.lengthComputable) return;
        const percent = Math.floor((progress.loaded * 100) / progress.total);
        bar.value = percent;
        const step = Math.floor(percent / ANNOUNCE_EVERY_PERCENT) * ANNOUNCE_EVERY_PERCENT;
        if (step > announced) {
          announced = step;
          status.textContent = percent >= 100 ? "Fichier envoyé, vérification en cours…" : `${step} % envoyés`;
        }
      });
      xhr.addEventListener("load", () => replacePage(xhr, action, onPageReplaced));
      xhr.addEventListener("error", () => {
        for (const button of buttons) button.disabled = false;
        bar.remove();
        status.textContent = "L'envoi du fichier n'a pas abouti. Vérifiez votre connexion, puis joignez le fichier de nouveau.";
        box.classList.add("upload-progress--failed");
      });
      xhr.send(data);
    });
  }
}
