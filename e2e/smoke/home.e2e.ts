import { describe, expect, test } from "vitest";
import { useE2e } from "../support/journey.ts";

const e2e = useE2e();

describe("the home page", () => {
  for (const mode of ["journey", "withoutJavaScript"] as const) {
    test(`passes axe, with no console error or CSP violation (${mode === "journey" ? "JavaScript on" : "JavaScript off"})`, async () => {
      await e2e[mode](async (journey) => {
        const response = await journey.goto("/");
        expect(response?.status()).toBe(200);
        await expect(journey.page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("Bienvenue");
        expect(await journey.page.title()).toMatch(/^Accueil - /);
      });
    });
  }

  test("offers the skip link first: Tab focuses « Aller au contenu » and Enter moves to the main content", async () => {
    await e2e.journey(async (journey) => {
      await journey.goto("/");
      await journey.press("Tab");
      const focused = journey.page.locator(":focus");
      await expect(focused.textContent()).resolves.toBe("Aller au contenu");
      await journey.press("Enter");
      // The fragment navigation is reported a moment after the key press on a loaded machine.
      await journey.page.waitForURL((url) => url.hash === "#contenu", { timeout: 5_000 });
      await expect(journey.page.evaluate(() => document.activeElement?.id)).resolves.toBe("contenu");
    });
  });
});

describe("an unknown address", () => {
  for (const mode of ["journey", "withoutJavaScript"] as const) {
    test(`shows the 404 page, which passes axe (${mode === "journey" ? "JavaScript on" : "JavaScript off"})`, async () => {
      await e2e[mode](async (journey) => {
        const response = await journey.goto("/cette-page-n-existe-pas");
        expect(response?.status()).toBe(404);
        await expect(journey.page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Page non trouvée");
        await journey.click("Retourner à l'accueil");
        expect(new URL(journey.page.url()).pathname).toBe("/");
      });
    });
  }
});

describe("mail delivery", () => {
  const content = (subject: string) => ({ subject, text: `${subject}\n\nhttp://127.0.0.1/activer?jeton=abc`, html: `<p>${subject}</p>` });

  test("a queued mail goes through the job queue to the SMTP server", async () => {
    const { deps, mailbox } = e2e.server;
    await deps.mailer.queue(deps.db, "camille@example.fr", content("Premier courriel"));
    const mail = await mailbox.waitFor({ to: "camille@example.fr", subject: /Premier/ }, 10_000);
    expect(mail.text).toContain("Premier courriel");
    expect(mail.html).toContain("<p>Premier courriel</p>");
  });

  test("a mail queued while the SMTP server is down is kept, retried, and delivered once it is back", async () => {
    const { deps, mailbox } = e2e.server;
    await mailbox.stop();
    try {
      await deps.mailer.queue(deps.db, "dominique@example.fr", content("Courriel retardé"));
      const failed = await waitUntil(async () => {
        const row = await deps.db.selectFrom("mails").selectAll().where("subject", "=", "Courriel retardé").executeTakeFirstOrThrow();
        return row.attempts >= 1 ? row : undefined;
      }, 10_000);
      expect(failed.sentAt).toBeNull();
      expect(failed.lastError).toMatch(/ECONNREFUSED/);
      expect(mailbox.find({ to: "dominique@example.fr" })).toHaveLength(0);
    } finally {
      await mailbox.restart();
    }
    const mail = await mailbox.waitFor({ to: "dominique@example.fr", subject: "Courriel retardé" }, 20_000);
    expect(mail.text).toContain("Courriel retardé");
    // The job marks the mail sent just after the SMTP server has accepted it.
    const sent = await waitUntil(async () => {
      const row = await deps.db.selectFrom("mails").selectAll().where("subject", "=", "Courriel retardé").executeTakeFirstOrThrow();
      return row.sentAt ? row : undefined;
    }, 5_000);
    expect(sent.lastError).toBeNull();
    expect(sent.attempts).toBeGreaterThanOrEqual(2);
  });

  test("a mail refused with « 421 service not available » is retried until the server accepts it", async () => {
    const { deps, mailbox } = e2e.server;
    mailbox.refuse();
    try {
      await deps.mailer.queue(deps.db, "eden@example.fr", content("Courriel refusé"));
      const failed = await waitUntil(async () => {
        const row = await deps.db.selectFrom("mails").selectAll().where("subject", "=", "Courriel refusé").executeTakeFirstOrThrow();
        return row.attempts >= 1 ? row : undefined;
      }, 10_000);
      expect(failed.lastError).toMatch(/421/);
    } finally {
      mailbox.accept();
    }
    await mailbox.waitFor({ to: "eden@example.fr", subject: "Courriel refusé" }, 20_000);
  });
});

/** Polls until `probe` returns a value, failing after `timeoutMs`. */
async function waitUntil<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
