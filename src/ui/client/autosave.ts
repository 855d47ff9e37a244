/**
 * Saves a draft's step as the person types (forms marked `data-autosave`). The form keeps working
 * without this script: « Poursuivre plus tard » and the other buttons save it too. The server
 * treats `action=autosave` like « Poursuivre plus tard » without the redirect and answers JSON.
 */

// Long enough not to post at every keystroke, short enough that little is lost if the tab closes.
const AFTER_TYPING_MS = 1_500;
const AFTER_CHOICE_MS = 300;

interface Saved {
  savedAt: string;
  invalid: number;
}

/** The form's text values as they would be posted (files are never part of a step's form). */
function formBody(form: HTMLFormElement): URLSearchParams {
  const body = new URLSearchParams();
  for (const [name, value] of new FormData(form)) {
    if (typeof value === "string") body.append(name, value);
  }
  body.set("action", "autosave");
  return body;
}

function statusText(saved: Saved): string {
  if (saved.invalid === 0) return `Brouillon enregistré automatiquement à ${saved.savedAt}.`;
  const values = saved.invalid === 1 ? "1 réponse n'est pas encore enregistrée : elle sera signalée" : `${saved.invalid} réponses ne sont pas encore enregistrées : elles seront signalées`;
  return `Brouillon enregistré automatiquement à ${saved.savedAt}. ${values} quand vous poursuivrez.`;
}

export function enhanceAutosave(root: ParentNode = document): void {
  for (const form of root.querySelectorAll<HTMLFormElement>("form[data-autosave]")) {
    // A status region says what happened; its text changes at most once a minute while all goes
    // well, so a screen reader is not interrupted at every pause in typing.
    const status = document.createElement("p");
    status.className = "autosave-status";
    status.setAttribute("role", "status");
    form.append(status);

    // Not `form.action`: a field named "action" (the step's buttons) shadows that property.
    const target = new URL(form.getAttribute("action") ?? "", window.location.href).href;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastSaved = formBody(form).toString();
    let submitting = false;

    const saveNow = async () => {
      const body = formBody(form);
      const sent = body.toString();
      if (submitting || sent === lastSaved) return;
      try {
        const response = await fetch(target, { method: "POST", body, headers: { accept: "application/json" }, credentials: "same-origin" });
        if (!response.ok) throw new Error(String(response.status));
        const saved = (await response.json()) as Saved;
        lastSaved = sent;
        const text = statusText(saved);
        if (status.textContent !== text) status.textContent = text;
      } catch {
        status.textContent = "Vos dernières réponses n'ont pas pu être enregistrées automatiquement : utilisez « Poursuivre plus tard » pour les enregistrer.";
      }
    };
    // One save at a time, in order: a later one always carries the latest answers.
    let saving: Promise<void> = Promise.resolve();
    const save = () => (saving = saving.then(saveNow));
    const schedule = (delay: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => void save(), delay);
    };

    form.addEventListener("input", (event) => {
      const target = event.target;
      const typed = target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && !["radio", "checkbox"].includes(target.type));
      schedule(typed ? AFTER_TYPING_MS : AFTER_CHOICE_MS);
    });
    form.addEventListener("change", () => schedule(AFTER_CHOICE_MS));
    form.addEventListener("submit", () => {
      // The buttons save the step themselves; a late autosave must not race them.
      submitting = true;
      clearTimeout(timer);
    });
    // Another form (a file to join, the logout) replaces the page: the answers are saved first,
    // then that form is sent again — otherwise the page could come back before the save, showing
    // (and later saving) the old values. Capture phase: before the upload script takes the form.
    document.addEventListener(
      "submit",
      (event) => {
        const other = event.target;
        if (!form.isConnected || submitting || other === form || !(other instanceof HTMLFormElement)) return;
        clearTimeout(timer);
        if (formBody(form).toString() === lastSaved) return;
        event.preventDefault();
        const submitter = event.submitter;
        void save().then(() => other.requestSubmit(submitter));
      },
      true,
    );
    // Leaving the page by a step link or closing the tab: send what was typed since the last save.
    window.addEventListener("pagehide", () => {
      clearTimeout(timer);
      const body = formBody(form);
      if (!submitting && body.toString() !== lastSaved) navigator.sendBeacon(target, body);
    });
  }
}
