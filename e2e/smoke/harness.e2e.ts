import { describe, expect, test } from "vitest";
import { pageKey, useE2e } from "../support/journey.ts";
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

describe("a page is checked again", () => {
  const faulty = page(`<img src="/static/logo.svg">`);

  test("every time it is visited while it has a violation", async () => {
    for (let visit = 0; visit < 2; visit++) {
      await expect(
        e2e.journey(async (journey) => {
          await serveFaultyPage(journey, faulty);
          await journey.goto("/page-de-controle");
        }),
      ).rejects.toThrow(/image-alt/);
    }
  });

  test("when it differs from a page found sound only by what it shows", async () => {
    await e2e.journey(async (journey) => {
      await serveFaultyPage(journey, page(`<img src="/static/logo.svg" alt="">`));
      await journey.goto("/page-de-controle");
    });
    await expect(
      e2e.journey(async (journey) => {
        await serveFaultyPage(journey, faulty);
        await journey.goto("/page-de-controle");
      }),
    ).rejects.toThrow(/image-alt/);
  });

  test("unless only a hidden field's value or a nonce changed (the key of a page already checked)", () => {
    const conditions = { javaScript: true, width: 1280, axeAtPhoneWidth: false };
    const form = (token: string, nonce: string, shown = "Envoyer") =>
      `<form><input type="hidden" name="_csrf" value="${token}"><button>${shown}</button></form><script nonce="${nonce}" src="/s.js"></script>`;
    expect(pageKey(form("a1", "n1"), conditions)).toBe(pageKey(form("b2", "n2"), conditions));
    expect(pageKey(form("a1", "n1"), conditions)).not.toBe(pageKey(form("a1", "n1", "Valider"), conditions));
    expect(pageKey(`<input name="nom" value="Léa">`, conditions)).not.toBe(pageKey(`<input name="nom" value="Lou">`, conditions));
    expect(pageKey(form("a1", "n1"), conditions)).not.toBe(pageKey(form("a1", "n1"), { ...conditions, javaScript: false }));
    expect(pageKey(form("a1", "n1"), conditions)).not.toBe(pageKey(form("a1", "n1"), { ...conditions, width: 375 }));
  });
});
