import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";

/** A phone (the narrowest width the portal supports) and a laptop: every page is measured at both. */
export const phoneWidth = 375;
export const desktopWidth = 1280;
export const viewportHeight = 900;

/**
 * What is wrong with the page's layout at the current viewport width, measured in the page:
 *
 * - the page is wider than the viewport (it scrolls sideways): the elements sticking out are named;
 * - an element cuts its content (`overflow: hidden` narrower than what it holds), unless it says so
 *   with an ellipsis (a long name shortened on purpose, its full text still read out);
 * - a scroller actually scrolls on a desktop screen (a table whose actions hide behind a scrollbar);
 *   on a phone a wide table may scroll inside its labelled region (`role=region`), nothing else may;
 * - a text runs out of its box (a long word or address that does not wrap).
 *
 * Works without JavaScript in the page too: Playwright evaluates in its own world.
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const viewport = document.documentElement.clientWidth;
    const desktop = viewport >= 1000;
    const describe = (element: Element) => {
      const id = element.id ? `#${element.id}` : "";
      const classes = typeof element.className === "string" && element.className.trim() ? `.${element.className.trim().split(/\s+/).join(".")}` : "";
      const text = (element.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 60);
      return `<${element.tagName.toLowerCase()}${id}${classes}>${text ? ` « ${text} »` : ""}`;
    };
    const rendered = (element: Element) => element.getClientRects().length > 0;
    const hiddenOnPurpose = (element: Element) =>
      element.closest(".visually-hidden, .skiplinks, [hidden], [aria-hidden='true']") !== null || element.clientWidth <= 1;
    const formControl = (element: Element) => ["INPUT", "TEXTAREA", "SELECT", "OPTION", "IMG", "SVG", "svg"].includes(element.tagName);

    const all = Array.from(document.body.querySelectorAll("*"));
    const scrollers = new Set<Element>();
    for (const element of all) {
      const style = getComputedStyle(element);
      if (["auto", "scroll"].includes(style.overflowX)) scrollers.add(element);
    }
    const insideScroller = (element: Element) => {
      for (let parent = element.parentElement; parent; parent = parent.parentElement) if (scrollers.has(parent)) return true;
      return false;
    };

    if (document.documentElement.scrollWidth > viewport + 1) {
      const culprits = all
        .filter((element) => rendered(element) && !hiddenOnPurpose(element) && !insideScroller(element))
        .filter((element) => element.getBoundingClientRect().right > viewport + 1)
        // The innermost elements name the cause; their ancestors stick out only because of them.
        .filter((element, _index, list) => !list.some((other) => other !== element && element.contains(other)))
        .slice(0, 5)
        .map((element) => `${describe(element)} reaches ${Math.round(element.getBoundingClientRect().right)} px`);
      problems.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${viewport} px viewport: ${culprits.join("; ") || "cause not found"}`);
    }

    for (const element of all) {
      if (!rendered(element) || hiddenOnPurpose(element) || formControl(element)) continue;
      const overflow = element.scrollWidth - element.clientWidth;
      if (overflow <= 1) continue;
      const style = getComputedStyle(element);
      if (style.display.startsWith("inline") && style.display !== "inline-block") continue;
      if (scrollers.has(element)) {
        if (element.tagName === "PRE" || element.tagName === "TEXTAREA") continue;
        if (desktop) problems.push(`${describe(element)} scrolls sideways by ${overflow} px at ${viewport} px: its content is cut`);
        else if (element.getAttribute("role") !== "region") problems.push(`${describe(element)} scrolls sideways by ${overflow} px and is not a labelled region`);
      } else if (["hidden", "clip"].includes(style.overflowX)) {
        if (style.textOverflow === "ellipsis") continue;
        problems.push(`${describe(element)} cuts ${overflow} px of its content (overflow: ${style.overflowX})`);
      } else if (!insideScroller(element) && Array.from(element.childNodes).some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== "")) {
        problems.push(`${describe(element)}: its text runs ${overflow} px out of its box`);
      }
    }
    return problems.slice(0, 10);
  });
}

/**
 * Codes meant for programs, shown to a person: `request_filed`, `account.login_failed`. Text in
 * code, pre, kbd, samp and form fields is left out (an administrator edits keys there), and so are
 * addresses (e-mail, web) and file names.
 */
export async function rawCodesShown(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    // A <noscript> holds its markup as text when JavaScript runs (the captcha's random wait token in it once read as « l_u »): never shown.
    const copy = document.body.cloneNode(true) as HTMLElement;
    for (const element of Array.from(copy.querySelectorAll("code, pre, kbd, samp, textarea, script, style, noscript, .visually-hidden, [data-raw-text]"))) element.remove();
    const text = (copy.textContent ?? "")
      .replace(/\S+@\S+/g, " ")
      .replace(/\b(?:https?:\/\/|www\.)\S+/g, " ")
      .replace(/\b[\w.-]+\.(?:pdf|png|jpe?g|csv|txt|odt|ods|docx?|xlsx?|zip|svg)\b/gi, " ");
    const found = new Set<string>();
    for (const match of text.matchAll(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g)) found.add(match[0]);
    for (const match of text.matchAll(/\b(?:account|organisation|request|service|procedure|membership|session|partner|letter|agent|admin|help|support|notice|desk|housing|payment|grant|job|mail)\.[a-z_]+\b/g)) found.add(match[0]);
    return [...found].slice(0, 10);
  });
}

/**
 * Resizes the viewport and waits for a frame drawn at the new size before anything is measured:
 * without one, a page without JavaScript kept the previous width's content-visibility of a
 * <details> content (the header's menu), and a measure saw a layout no person sees.
 *
 * With JavaScript, the page waits for two animation frames: the second one's callback runs once
 * a whole frame (layout, content-visibility) has been drawn at the new size. Without JavaScript
 * no frame callback runs in the page, so a one-pixel screenshot draws that frame; it costs more
 * (a page's two resizes 149 ms with it, 96 ms with the frames, and ~75 ms more of Chromium's
 * processor time), hence the two ways.
 */
export async function resizeTo(page: Page, size: { width: number; height: number }, options: { javaScript?: boolean } = {}): Promise<void> {
  await page.setViewportSize(size);
  if (options.javaScript) {
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  } else {
    await page.screenshot({ clip: { x: 0, y: 0, width: 1, height: 1 } });
  }
}

/** Where the journeys' screenshots go: `test-results/screenshots/<journey file>/` (not committed). */
export const screenshotRoot = path.resolve(import.meta.dirname, "../../test-results/screenshots");

/** A file name for a page's screenshot: its order in the journey, its path, the width. */
export function screenshotPath(folder: string, order: number, address: string, width: number): string {
  const url = new URL(address);
  const slug = `${url.pathname}${url.search}`.replace(/[^a-zA-Z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 80) || "accueil";
  return path.join(screenshotRoot, folder, `${String(order).padStart(3, "0")}-${slug}-${width}.png`);
}

/** Saves a screenshot of the whole page (created folders included). */
export async function saveScreenshot(page: Page, file: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true, animations: "disabled", caret: "hide" });
}
