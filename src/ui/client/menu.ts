/**
 * The header's "Menu" disclosure (layout.tsx), improved: the button says whether it is expanded
 * and what it controls, Escape closes it and gives the focus back to the button, the skip links
 * to the menus open it first, and at desktop widths (where the CSS shows the menus and hides the
 * button) it is kept open, for browsers that cannot style the disclosure's content.
 * Without this script the `<details>` still opens and closes by itself.
 */

const DESKTOP = "(min-width: 62em)";

let listening = false;

function currentMenu(): HTMLDetailsElement | null {
  return document.querySelector<HTMLDetailsElement>("details[data-menu]");
}

/** Open at desktop widths, closed on a phone (each time the width crosses the breakpoint). */
function fitToWidth(menu: HTMLDetailsElement, desktop: boolean) {
  if (menu.open !== desktop) menu.open = desktop;
}

export function enhanceMenu() {
  const menu = currentMenu();
  const summary = menu?.querySelector<HTMLElement>(":scope > summary");
  if (!menu || !summary || menu.dataset.menuReady !== undefined) return;
  menu.dataset.menuReady = "";

  const controlled = [...menu.querySelectorAll<HTMLElement>(":scope > [id]")].map((element) => element.id);
  if (controlled.length > 0) summary.setAttribute("aria-controls", controlled.join(" "));
  const sync = () => summary.setAttribute("aria-expanded", String(menu.open));
  menu.addEventListener("toggle", sync);

  const desktop = window.matchMedia(DESKTOP);
  // On a phone the menu stays as the page came (opened by a link to one of its menus, say).
  if (desktop.matches) menu.open = true;
  sync();

  menu.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !menu.open || desktop.matches) return;
    event.preventDefault();
    menu.open = false;
    summary.focus();
  });

  // Listeners on the document and the media query outlive a page replaced by an upload (uploads.ts):
  // they look the menu up each time, and are added once.
  if (listening) return;
  listening = true;
  desktop.addEventListener("change", (change) => {
    const shown = currentMenu();
    if (shown) fitToWidth(shown, change.matches);
  });
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>('a[href^="#"]') : null;
    const shown = currentMenu();
    if (!link || !shown || shown.open) return;
    const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (target && shown.contains(target)) shown.open = true;
  });
}
