/**
 * Progressive enhancement for every page (loaded as /static/build/enhance.js). Each feature only
 * improves markup the server already made usable: without this script everything still works.
 */
import { checkPasswordRules, type PasswordRule } from "../../platform/security/password-rules.ts";
import { enhanceAutosave } from "./autosave.ts";
import { enhanceConditions } from "./conditions.ts";
import { enhanceStepList } from "./step-list.ts";
import { enhanceFileFields } from "./file-field.ts";
import { enhanceMenu } from "./menu.ts";
import { enhanceUploads } from "./uploads.ts";

// Screen readers hear the rules once the person pauses, not at every keystroke.
const ANNOUNCE_AFTER_MS = 1_200;

function focusErrorSummary() {
  const summary = document.querySelector<HTMLElement>("[data-error-summary]");
  summary?.focus();
}

/** Adds an "Afficher / Masquer" button to each password field. */
function addPasswordToggles() {
  for (const container of document.querySelectorAll<HTMLElement>("[data-password]")) {
    const input = container.querySelector<HTMLInputElement>('input[type="password"]');
    if (!input || container.querySelector("[data-password-toggle]")) continue;
    const wrapper = document.createElement("div");
    wrapper.className = "password__control";
    input.replaceWith(wrapper);
    wrapper.append(input);

    const button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary password__toggle";
    button.dataset.passwordToggle = "";
    button.setAttribute("aria-controls", input.id);
    const status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");

    // The label says what the button will do; the status says what it did.
    const render = (visible: boolean, announce: boolean) => {
      input.type = visible ? "text" : "password";
      button.replaceChildren(
        document.createTextNode(visible ? "Masquer" : "Afficher"),
        visuallyHidden(" le mot de passe"),
      );
      if (announce) status.textContent = visible ? "Votre mot de passe est affiché." : "Votre mot de passe est masqué.";
    };
    button.addEventListener("click", () => render(input.type === "password", true));
    // A password must never be left readable in the page the browser keeps or submits.
    input.form?.addEventListener("submit", () => render(false, false));
    window.addEventListener("pagehide", () => render(false, false));
    render(false, false);
    wrapper.append(button, status);
  }
}

const ruleStatus: Record<"met" | "unmet", string> = { met: "respecté", unmet: "non respecté" };

/** Ticks each listed rule as the person types, and announces the result after a pause. */
function addLivePasswordRules() {
  for (const list of document.querySelectorAll<HTMLElement>("[data-password-rules]")) {
    const input = document.getElementById(list.dataset.passwordRules ?? "");
    if (!(input instanceof HTMLInputElement)) continue;
    const items = [...list.querySelectorAll<HTMLElement>("[data-rule]")];
    const states = items.map((item) => {
      const state = visuallyHidden("");
      state.className = "visually-hidden password__rule-state";
      item.append(state);
      return state;
    });
    const live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    list.append(live);

    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastAnnounced = "";
    const update = () => {
      const value = input.value;
      const results = checkPasswordRules(value);
      const unmet: string[] = [];
      items.forEach((item, index) => {
        const met = value !== "" && results[item.dataset.rule as PasswordRule] === true;
        item.classList.toggle("is-met", met);
        item.classList.toggle("is-unmet", value !== "" && !met);
        const state = states[index];
        if (state) state.textContent = value === "" ? "" : ` : ${met ? ruleStatus.met : ruleStatus.unmet}`;
        if (value !== "" && !met) unmet.push(ruleText(item));
      });
      clearTimeout(timer);
      if (value === "") return;
      timer = setTimeout(() => {
        const message =
          unmet.length === 0
            ? "Votre mot de passe respecte toutes les règles."
            : `Règles non respectées : ${unmet.join(" ; ")}.`;
        if (message !== lastAnnounced) live.textContent = lastAnnounced = message;
      }, ANNOUNCE_AFTER_MS);
    };
    input.addEventListener("input", update);
    update();
  }
}

/** The rule's own words, without the status text added to it. */
function ruleText(item: HTMLElement): string {
  let text = "";
  for (const node of item.childNodes) {
    if (!(node instanceof HTMLElement && node.classList.contains("password__rule-state"))) text += node.textContent ?? "";
  }
  return text.trim();
}

function visuallyHidden(text: string): HTMLSpanElement {
  const span = document.createElement("span");
  span.className = "visually-hidden";
  span.textContent = text;
  return span;
}

function start() {
  enhanceMenu();
  focusErrorSummary();
  addPasswordToggles();
  addLivePasswordRules();
  enhanceConditions();
  enhanceAutosave();
  enhanceStepList();
  enhanceFileFields();
  // An upload replaces the page with the server's answer: the new page is enhanced in turn.
  enhanceUploads(start);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
