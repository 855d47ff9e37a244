import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { demoAccounts, demoPartner, seedDemoData } from "../../src/demo/seed-demo-data.ts";
import { useE2e, type Journey } from "../support/journey.ts";
import { desktopWidth, phoneWidth, screenshotPath, screenshotRoot } from "../support/layout.ts";
import { representativePages } from "./representative-pages.ts";

/**
 * Every page of the portal, as each kind of person sees it: the demo data set is loaded, then for
 * each demo account (and a visitor) the tour follows every link of the portal it finds, one page
 * per kind of address (`/demandes/:id` once, not for every request). Each page is checked as in
 * every journey (axe, layout at 375 and 1,280 px, codes shown instead of words, screenshots) and
 * axe also runs at 375 px, once per kind of address in a tour file (and for visitors and
 * signed-in people apart: their headers differ): the public pages every signed-in person reaches
 * were checked again for each of them, finding each time what the first run found. A link
 * leading to an error page is a broken link.
 *
 * The tour is two files (the public's people, the staff), so that the two workers of the
 * journeys share its ten minutes instead of one of them running it alone at the end.
 * `npm run screenshots` runs the tour with DOCS_SCREENSHOTS=1: the screenshots of the
 * representative pages are then copied into docs/screenshots/.
 */
/** Declares the tour of the people named: "un visiteur", "le bailleur" or demo accounts' identifiers. */
export function tourOf(names: readonly string[]) {
  const e2e = useE2e({
    prepare: async (deps) => {
      await seedDemoData(deps);
    },
  });
  const people = allPeople.filter((person) => names.includes(person.name));
  if (people.length !== names.length) throw new Error(`Unknown people in the tour: ${names.join(", ")}.`);
  // Kinds of address already checked by axe at 375 px, by any person of this file.
  const checkedAtPhoneWidth = new Set<string>();
  describe("the tour of every page", () => {
    for (const person of people) {
      it(`visits every page ${person.name} can reach, at 375 and 1,280 px`, async () => {
        await e2e.journey(async (journey) => {
          if (person.login) await logIn(journey, person.login);
          const visited = await crawl(e2e.server.baseUrl, checkedAtPhoneWidth, journey, person.start, person.login !== undefined);
          expect(visited.length).toBeGreaterThan(person.login ? 8 : 4);
          if (process.env.DOCS_SCREENSHOTS) copyRepresentativeScreenshots(journey, person.name);
        });
        // Up to a hundred pages each measured at two widths, with axe once or twice: a minute or
        // two on a quiet machine, four with the rest of the suite running beside it.
      }, 600_000);
    }
  });
}

const allPeople = [
  { name: "un visiteur", login: undefined, start: ["/"] },
  ...demoAccounts.map((account) => ({ name: account.identifier, login: { identifier: account.identifier, password: account.password }, start: ["/", "/tableau-de-bord"] })),
  { name: "le bailleur", login: { identifier: demoPartner.identifier, password: demoPartner.password }, start: ["/", "/tableau-de-bord"] },
];

/** Pages visited per person at most: far more than the portal has kinds of pages today. */
const pageLimit = 200;

/** Links the tour never follows: they end the session or download a file rather than show a page. */
const skipped = [/^\/deconnexion/, /^\/dev\//, /\/telecharger/, /\.(pdf|csv|xlsx|ods|zip|png|jpg|svg|json)$/i, /^\/franceconnect\//, /^\/sso\//, /^\/static\//];

/** One kind of address: numbers and identifiers replaced, query values dropped. */
export function addressKind(address: URL): string {
  const pathKind = address.pathname.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ":id").replace(/\/\d+(?=\/|$)/g, "/:n");
  const keys = [...address.searchParams.keys()].sort().join("&");
  return keys ? `${pathKind}?${keys}` : pathKind;
}

async function logIn(journey: Journey, login: { identifier: string; password: string }) {
  await journey.goto("/connexion");
  await journey.fill("Identifiant ou adresse électronique", login.identifier);
  await journey.fill("Mot de passe", login.password);
  await journey.submit("Se connecter");
  expect(new URL(journey.page.url()).pathname).not.toBe("/connexion");
}

/** Breadth first from the start pages; returns the kinds of address visited, in order. */
async function crawl(baseUrl: string, checkedAtPhoneWidth: Set<string>, journey: Journey, start: string[], signedIn: boolean): Promise<string[]> {
  const origin = new URL(baseUrl).origin;
  const queue = start.map((address) => new URL(address, origin));
  const seen = new Set(queue.map(addressKind));
  const visited: string[] = [];
  const broken: string[] = [];
  while (queue.length > 0 && visited.length < pageLimit) {
    const address = queue.shift()!;
    // A signed-in person's header (their menu, their account) differs from a visitor's.
    const checkKey = `${signedIn ? "connecté" : "visiteur"} ${addressKind(address)}`;
    journey.axeAtPhoneWidth = !checkedAtPhoneWidth.has(checkKey);
    checkedAtPhoneWidth.add(checkKey);
    const response = await journey.goto(address.toString()).catch((error: Error) => {
      // A document's link (« pieces/… ») downloads the file: no page to check there.
      if (error.message.includes("Download is starting")) return "download" as const;
      throw error;
    });
    if (response === "download") continue;
    const status = response?.status() ?? 0;
    if (!(response?.headers()["content-type"] ?? "").startsWith("text/html")) continue;
    if (status >= 400) broken.push(`${address.pathname}${address.search} answered ${status}`);
    visited.push(addressKind(address));
    for (const href of await journey.page.locator("a[href]").evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href))) {
      const next = new URL(href);
      next.hash = "";
      if (next.origin !== origin || skipped.some((pattern) => pattern.test(next.pathname))) continue;
      const kind = addressKind(next);
      if (seen.has(kind)) continue;
      seen.add(kind);
      queue.push(next);
    }
  }
  expect(broken, "links that lead to an error page").toEqual([]);
  return visited;
}

/** docs/screenshots/<name>-375.png and -1280.png for the representative pages this person saw. */
function copyRepresentativeScreenshots(journey: Journey, person: string) {
  const target = path.resolve(import.meta.dirname, "../../docs/screenshots");
  fs.mkdirSync(target, { recursive: true });
  for (const page of representativePages.filter((candidate) => candidate.person === person)) {
    const order = journey.visited.findIndex((address) => addressKind(new URL(address)) === page.kind);
    if (order < 0) throw new Error(`${person} never reached ${page.kind}, a representative page (${page.name}).`);
    for (const width of [phoneWidth, desktopWidth]) {
      const source = screenshotPath(journey.screenshotFolder!, order + 1, journey.visited[order]!, width);
      if (!source.startsWith(screenshotRoot) || !fs.existsSync(source)) throw new Error(`No screenshot at ${source}.`);
      fs.copyFileSync(source, path.join(target, `${page.name}-${width}.png`));
    }
  }
}
