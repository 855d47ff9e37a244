import type { Browser, BrowserContext, Locator, Page, Response } from "playwright-core";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { formatViolations, axeViolations } from "./axe.ts";
import { launchBrowser, newContext } from "./browser.ts";
import { desktopWidth, layoutProblems, phoneWidth, rawCodesShown, resizeTo, saveScreenshot, screenshotPath, viewportHeight } from "./layout.ts";
import { startServer, type E2eServer, type ServerOptions } from "./server.ts";

type Name = string | RegExp;

/**
 * One person's visit in a real browser. Every action waits for the page it leads to, then checks
 * that page with axe-core (WCAG 2.1 AA + best practices) and fails on any problem seen so far:
 * accessibility violations, console errors, CSP violations, uncaught exceptions, failed or
 * erroneous sub-resources, 5xx pages. A page whose markup is that of one already found sound in
 * the same test file is not checked again (`pageKey`). `page` is there for assertions and
 * anything not covered; after using it to change the page, call `checkPage()`.
 */
export class Journey {
  /** Every address checked, in order (for the report of a failing journey). */
  readonly visited: string[] = [];
  private readonly problems: string[] = [];
  private unchecked = false;
  /** Where this journey's screenshots go (a folder per journey file and mode), unless switched off. */
  screenshotFolder: string | undefined;
  /** axe runs at 1,280 px on every page; the tour of every page also runs it at 375 px. */
  axeAtPhoneWidth = false;
  /** Where pages seen without JavaScript are copied for axe to run (see `axeViolations`). */
  private checker: BrowserContext | undefined;

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly javaScript: boolean,
    /** The file's pages already checked and found sound (see `pageKey`). */
    private readonly checkedPages: Set<string>,
  ) {}

  static async open(browser: Browser, server: E2eServer, options: { javaScript?: boolean } = {}): Promise<Journey> {
    const javaScript = options.javaScript ?? true;
    const context = await newContext(browser, { javaScript, baseUrl: server.baseUrl });
    context.setDefaultTimeout(10_000);
    context.setDefaultNavigationTimeout(15_000);
    const page = await context.newPage();
    let checkedPages = checkedPagesByServer.get(server);
    if (!checkedPages) checkedPagesByServer.set(server, (checkedPages = new Set()));
    const journey = new Journey(context, page, javaScript, checkedPages);
    await journey.watch();
    return journey;
  }

  private async watch() {
    const { page } = this;
    // A new document, not a move within the page (a link to #section): checking the same page
    // again would only cost time, and measuring it at two widths would close what the person
    // just opened (the header's menu closes when the window narrows).
    page.on("domcontentloaded", () => {
      this.unchecked = true;
    });
    page.on("console", (message) => {
      // Resource failures are reported below with their address and status, and the 404 page's own
      // status is expected; everything else logged as an error (CSP refusals included) is a fault.
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
        this.problems.push(`console error on ${page.url()}: ${message.text()}`);
      }
    });
    page.on("pageerror", (error) => this.problems.push(`uncaught exception on ${page.url()}: ${error.message}`));
    page.on("response", (response) => {
      const request = response.request();
      const status = response.status();
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
        if (status >= 500) this.problems.push(`page ${response.url()} answered ${status}`);
      } else if (status >= 400 && !(status === 422 && ["xhr", "fetch"].includes(request.resourceType()))) {
        // 422 is the portal's answer to invalid input: a script that posts a form (file uploads
        // with progress) shows that page as a normal submission would.
        this.problems.push(`${request.resourceType()} ${response.url()} answered ${status} (on ${page.url()})`);
      }
    });
    page.on("requestfailed", (request) => {
      const error = request.failure()?.errorText ?? "failed";
      // A navigation interrupts the previous page's pending loads: that is not a fault.
      if (error !== "net::ERR_ABORTED") this.problems.push(`${request.resourceType()} ${request.url()} failed: ${error}`);
    });
    // The event carries the directive and the blocked address; Chromium also logs a console error.
    await this.context.exposeBinding("__reportCspViolation", (_source, violation: string) => {
      this.problems.push(`CSP violation on ${page.url()}: ${violation}`);
    });
    await this.context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        const report = (window as unknown as { __reportCspViolation(v: string): void }).__reportCspViolation;
        report(`${event.effectiveDirective} blocked ${event.blockedURI || "inline code"} (${event.sourceFile}:${event.lineNumber})`);
      });
    });
  }

  /** Opens a path of the portal (or an absolute address, e.g. a link from a mail). */
  async goto(pathOrUrl: string): Promise<Response | null> {
    const response = await this.page.goto(pathOrUrl);
    await this.checkPage();
    return response;
  }

  /** Clicks a link or a button by its accessible name and checks the page it leads to. */
  async click(name: Name, options: { role?: "link" | "button"; navigates?: boolean } = {}): Promise<void> {
    const target = options.role ? this.page.getByRole(options.role, { name, exact: typeof name === "string" }) : this.clickable(name);
    await this.act(target, options.navigates ?? true);
  }

  /**
   * Clicks a given link or button (e.g. one of two « Valider » buttons, narrowed to its section)
   * and checks the page it leads to.
   */
  async clickOn(target: Locator, options: { navigates?: boolean } = {}): Promise<void> {
    await this.act(target, options.navigates ?? true);
  }

  /** Submits the form through its button, as a person would, and checks the page that comes back. */
  async submit(buttonName: Name): Promise<void> {
    await this.act(this.page.getByRole("button", { name: buttonName, exact: typeof buttonName === "string" }), true);
  }

  /** Types into the field whose label is `label`, replacing its content. */
  async fill(label: Name, value: string): Promise<void> {
    await this.field(label).fill(value);
  }

  /** Ticks a checkbox or chooses a radio button by its label. */
  async check(label: Name): Promise<void> {
    await this.field(label).check();
  }

  /** Chooses an option of a select by its visible text. */
  async select(label: Name, option: string): Promise<void> {
    await this.field(label).selectOption({ label: option });
  }

  /** Presses a key on the focused element (e.g. "Tab", "Enter"), then checks the page if it changed. */
  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
    await this.checkPage();
  }

  /**
   * Waits for the current page to load, runs axe on it if it is new, and fails on any problem
   * recorded since the last check. Called by every action; call it after acting through `page`.
   */
  async checkPage(): Promise<void> {
    await this.page.waitForLoadState("load");
    if (this.unchecked) {
      this.unchecked = false;
      this.visited.push(this.page.url());
      const html = await this.page.content();
      // Every page photographed on demand, so none is skipped then.
      const key = this.screenshotFolder ? undefined : pageKey(html, {
        javaScript: this.javaScript,
        width: this.page.viewportSize()?.width ?? desktopWidth,
        axeAtPhoneWidth: this.axeAtPhoneWidth,
      });
      if (key === undefined || !this.checkedPages.has(key)) {
        const problemsBefore = this.problems.length;
        if (!this.javaScript && !this.checker) {
          this.checker = await newContext(this.context.browser()!, { javaScript: true, baseUrl: this.page.url() });
        }
        const violations = await axeViolations(this.page, this.checker, html);
        if (violations.length > 0) this.problems.push(formatViolations(this.page.url(), violations));
        await this.checkLayout();
        if (key !== undefined && this.problems.length === problemsBefore) this.checkedPages.add(key);
      }
    }
    this.throwProblems();
  }

  /**
   * Measures the page at a phone's and a laptop's width (no sideways scroll, nothing cut or
   * running out of its box), looks for codes shown instead of words, and saves a screenshot at
   * each width when asked or when something is wrong; then puts the viewport back as the journey
   * had it.
   */
  private async checkLayout() {
    const { page } = this;
    const address = page.url();
    const found: string[] = [];
    const codes = await rawCodesShown(page);
    if (codes.length > 0) found.push(`codes shown instead of French words on ${address}: ${codes.join(", ")}`);
    const before = page.viewportSize() ?? { width: desktopWidth, height: viewportHeight };
    const order = this.visited.length; // 1 for the first page
    // Measured first, then photographed: a full-page screenshot resizes the page for a moment, and
    // Chromium measured the next width from a stale layout after one.
    for (const width of [desktopWidth, phoneWidth]) {
      if (page.viewportSize()?.width !== width) await resizeTo(page, { width, height: viewportHeight }, { javaScript: this.javaScript });
      for (const problem of await layoutProblems(page)) found.push(`at ${width} px on ${address}: ${problem}`);
      if (width === phoneWidth && this.axeAtPhoneWidth) {
        const violations = await axeViolations(page, this.checker);
        if (violations.length > 0) found.push(`at ${width} px: ${formatViolations(address, violations)}`);
      }
    }
    // Screenshots cost a quarter of the journeys' time, so they are taken on demand
    // (SCREENSHOTS=1) and whenever the page has a problem, to show it.
    const folder = this.screenshotFolder ?? (found.length > 0 ? failureScreenshotFolder(this.javaScript) : undefined);
    for (const width of folder ? [phoneWidth, desktopWidth] : []) {
      if (page.viewportSize()?.width !== width) await page.setViewportSize({ width, height: viewportHeight });
      await saveScreenshot(page, screenshotPath(folder!, order, address, width));
    }
    // A frame drawn at the journey's own width, so whatever it measures next is measured there.
    if (page.viewportSize()?.width !== before.width) await resizeTo(page, before, { javaScript: this.javaScript });
    // LAYOUT_REPORT=<file> lists the problems of every page in a file instead of failing on the
    // first: an inventory when a change of the kit touches every page.
    if (process.env.LAYOUT_REPORT) fs.appendFileSync(process.env.LAYOUT_REPORT, found.map((line) => `${line}\n`).join(""));
    else this.problems.push(...found);
  }

  /** The final check of a journey; then the context is closed. */
  async finish(): Promise<void> {
    try {
      await this.checkPage();
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    await this.checker?.close();
    await this.context.close();
  }

  private throwProblems() {
    if (this.problems.length === 0) return;
    const found = this.problems.splice(0);
    throw new Error(
      `Journey (JavaScript ${this.javaScript ? "on" : "off"}) found ${found.length} problem(s):\n${found.join("\n")}\n` +
        `Pages visited: ${this.visited.join(" → ")}`,
    );
  }

  private clickable(name: Name): Locator {
    const exact = typeof name === "string";
    return this.page.getByRole("link", { name, exact }).or(this.page.getByRole("button", { name, exact }));
  }

  private field(label: Name): Locator {
    return this.page.getByLabel(label, { exact: typeof label === "string" });
  }

  private async act(target: Locator, navigates: boolean) {
    // Check the page we are leaving first, so a fault is reported against the right page.
    await this.checkPage();
    if (navigates) {
      const page = this.page;
      await Promise.all([page.waitForEvent("framenavigated", { predicate: (frame) => frame === page.mainFrame() }), target.click()]);
    } else {
      await target.click();
    }
    await this.checkPage();
  }
}

const checkedPagesByServer = new WeakMap<E2eServer, Set<string>>();

/**
 * What axe and the layout measures depend on: the page's markup as the browser holds it (its
 * styles are addresses in it, served alike by the file's one server), whether scripts run, the
 * width axe runs at, and whether it also runs at 375 px. A page seen again with the same markup
 * (the login page between two people, the home page, an unchanged dashboard) gives the same
 * results, so it is checked once per test file: 141 of the first 760 pages the journeys visited,
 * mostly small ones (a file's time 0.86–0.97 of before). Hidden fields' values (the CSRF token, a
 * captcha's challenge) and script nonces change from one answer to the next but are neither shown
 * nor checked, so they are left out of the comparison.
 */
export function pageKey(html: string, conditions: { javaScript: boolean; width: number; axeAtPhoneWidth: boolean }): string {
  const markup = html
    .replace(/<input\b[^>]*>/g, (input) => (/\btype="hidden"/.test(input) ? input.replace(/\svalue="[^"]*"/, "") : input))
    .replace(/\snonce="[^"]*"/g, "");
  return createHash("sha256").update(`${JSON.stringify(conditions)}|${markup}`).digest("hex");
}

/**
 * A folder per journey: the test file's path under e2e/, the test's name, with or without
 * JavaScript. Every page is photographed with SCREENSHOTS=1 (the layout is measured all the same
 * without it).
 */
function screenshotFolder(javaScript: boolean): string | undefined {
  return process.env.SCREENSHOTS === "1" ? failureScreenshotFolder(javaScript) : undefined;
}

/** The same folder, for the pages of a journey that have a layout problem. */
function failureScreenshotFolder(javaScript: boolean): string {
  const { testPath, currentTestName } = expect.getState();
  const file = path.relative(path.resolve(import.meta.dirname, ".."), testPath ?? "journey").replace(/\.e2e\.tsx?$/, "");
  const test = (currentTestName ?? "journey").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-zA-Z0-9]+/g, "-").slice(0, 90);
  return path.join(file, `${test}${javaScript ? "" : "-sans-js"}`);
}

/** What a test file gets from `useE2e()`: one server and one browser for the whole file. */
export interface E2e {
  readonly server: E2eServer;
  readonly browser: Browser;
  /** Runs a journey with JavaScript on; it fails on any problem on any page it visited. */
  journey(run: (journey: Journey) => Promise<void>): Promise<void>;
  /** The same, with JavaScript disabled: forms must work without it. */
  withoutJavaScript(run: (journey: Journey) => Promise<void>): Promise<void>;
}

/**
 * Starts the application (fresh database, real SMTP) and Chromium once for the test file, and
 * stops both after it. Journeys each get their own browser context (cookies, storage).
 */
export function useE2e(options: ServerOptions = {}): E2e {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(options), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const ready = () => {
    if (!server || !browser) throw new Error("useE2e(): the server and browser start in beforeAll; use them inside tests.");
    return { server, browser };
  };
  const run = async (javaScript: boolean, body: (journey: Journey) => Promise<void>) => {
    const { server, browser } = ready();
    const journey = await Journey.open(browser, server, { javaScript });
    journey.screenshotFolder = screenshotFolder(javaScript);
    try {
      await body(journey);
    } catch (error) {
      await journey.close();
      throw error;
    }
    await journey.finish();
  };
  return {
    get server() {
      return ready().server;
    },
    get browser() {
      return ready().browser;
    },
    journey: (body) => run(true, body),
    withoutJavaScript: (body) => run(false, body),
  };
}
