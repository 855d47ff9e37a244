/**
 * The step list of a request folds into a `<details>` on a phone (src/features/requests/views.tsx).
 * From 48em the stylesheet shows the whole list through `::details-content`; browsers that do not
 * know that pseudo-element get the disclosure opened here instead, and closed again on a phone.
 */
let wide: MediaQueryList | undefined;

function apply() {
  // Queried each time: an upload replaces the page's body (src/ui/client/uploads.ts).
  for (const list of document.querySelectorAll<HTMLDetailsElement>("details[data-step-list]")) list.open = wide?.matches ?? false;
}

export function enhanceStepList() {
  if (CSS.supports("selector(::details-content)")) return;
  if (!wide) {
    wide = window.matchMedia("(min-width: 48em)");
    wide.addEventListener("change", apply);
  }
  apply();
}
