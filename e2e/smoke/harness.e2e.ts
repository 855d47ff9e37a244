import { describe, expect, test } from "vitest";
import { useE2e } from "../support/journey.ts";
import type { Journey } from "../support/journey.ts";

const e2e = useE2e();

/**
 * Serves `body` at /page-de-controle under the portal's own address and CSP, so the journey's
 * checks meet a faulty page exactly as they would meet one of the portal's.
 */
async function serveFaultyPage(journey: Journey, body: string) {
  const home = await fetch(e2e.server.url("/"));
  const csp = home.headers.get("content-security-policy");
  if (!csp) throw new Error("The portal sent no Content-Security-Policy");
  await journey.page.route("**/page-de-controle", (route) =>
    route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", headers: { "content-security-policy": csp }, body }),
  );
}

const page = (main: string, head = "") =>
  `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Contrôle - Guichet</title>${head}</head><body><main><h1>Contrôle</h1>${main}</main></body></html>`;

describe("the journey harness fails a journey", () => {
  for (const javaScript of [true, false]) {
    test(`on an accessibility violation, naming the rule and the element (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const run = javaScript ? e2e.journey : e2e.withoutJavaScript;
      await expect(
        run(async (journey) => {
          await serveFaultyPage(journey, page(`<img src="/static/logo.svg"><a href="/"></a>`));
          await journey.goto("/page-de-controle");
        }),
      ).rejects.toThrow(/on http:\/\/127\.0\.0\.1:\d+\/page-de-controle:\n- image-alt [\s\S]*at img\n[\s\S]*- link-name /);
    });
  }

  test("on an inline script the CSP refuses", async () => {
    await expect(
      e2e.journey(async (journey) => {
        await serveFaultyPage(journey, page("<p>Texte</p>", "<script>document.title = 'x'</script>"));
        await journey.goto("/page-de-controle");
      }),
    ).rejects.toThrow(/CSP violation[\s\S]*script-src/);
  });

  test("on an uncaught exception or a console error", async () => {
    await expect(
      e2e.journey(async (journey) => {
        await serveFaultyPage(journey, page("<p>Texte</p>", '<script type="module" src="/static/erreur-de-controle.js"></script>'));
        await journey.page.route("**/static/erreur-de-controle.js", (route) =>
          route.fulfill({ contentType: "text/javascript", body: "console.error('panne'); throw new Error('exception de contrôle');" }),
        );
        await journey.goto("/page-de-controle");
      }),
    ).rejects.toThrow(/console error[\s\S]*panne[\s\S]*exception de contrôle|exception de contrôle[\s\S]*panne/);
  });

  test("on a missing stylesheet or image", async () => {
    await expect(
      e2e.journey(async (journey) => {
        await serveFaultyPage(journey, page("<p>Texte</p>", '<link rel="stylesheet" href="/static/absente.css">'));
        await journey.goto("/page-de-controle");
      }),
    ).rejects.toThrow(/absente\.css/);
  });
});
