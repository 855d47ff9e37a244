import fs from "node:fs";
import { chromium, type Browser, type BrowserContext } from "playwright-core";

/** Debian's Chromium: no browser download, the same binary CI installs with apt-get. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches headless Chromium on a fresh, temporary profile (Playwright's default for `launch`). */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`);
  }
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

/**
 * A new browser context (its own cookies and storage), in French, with JavaScript on or off:
 * every page must work without it.
 */
export async function newContext(browser: Browser, options: { javaScript: boolean; baseUrl: string }): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: options.baseUrl,
    javaScriptEnabled: options.javaScript,
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
    viewport: { width: 1280, height: 900 },
    // The pointer stays where the last click was: on the next page a button under it starts its
    // hover colour transition, and axe could measure the contrast half-way. The stylesheet drops
    // transitions for people who ask for reduced motion; the journeys ask for it too.
    reducedMotion: "reduce",
  });
}
