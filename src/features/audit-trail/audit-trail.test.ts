import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit } from "../../platform/audit.ts";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { buildAccount, signedInAccount } from "../../../test/builders.ts";
import { AUDIT_PAGE_SIZE } from "./routes.tsx";

describe("Journal des actions (/administration/journal)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("shows the actions with French labels, newest first, an unknown code in <code>, and filters by person and action", async () => {
    const { account: admin, browser } = await signedInAccount(t, { role: "platform_admin" });
    const person = await buildAccount(t.deps.db, { identifier: "lou.bernard", email: "lou.bernard@exemple.fr" });
    await audit(t.deps.db, t.clock, { event: "account.temporary_password_issued", accountId: person.id, actorId: admin.id });
    await audit(t.deps.db, t.clock, { event: "organisation.merged_long_ago" as "organisation.attached", accountId: person.id });

    expect((await browser.get("/administration")).body).toContain('href="/administration/journal"');
    const page = await browser.get("/administration/journal?personne=LOU.BERNARD@exemple.fr");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Mot de passe temporaire attribué");
    expect(page.body).toContain("<code>organisation.merged_long_ago</code>");
    expect(page.body).not.toContain(">account.temporary_password_issued<");
    expect(page.body.indexOf("organisation.merged_long_ago")).toBeLessThan(page.body.indexOf("Mot de passe temporaire attribué</td>"));

    const filtered = await browser.get("/administration/journal?personne=lou.bernard&action=account.temporary_password_issued");
    expect(filtered.body).toContain("Mot de passe temporaire attribué");
    expect(filtered.body).not.toContain("organisation.merged_long_ago</code>");
    expect(filtered.body).toContain(`<td data-label="Auteur">${admin.identifier}</td>`);
  });

  it("pages by 50, keeping the filters, and exports every filtered line as CSV", async () => {
    const { browser } = await signedInAccount(t, { role: "platform_admin" });
    const person = await buildAccount(t.deps.db);
    for (let index = 0; index < AUDIT_PAGE_SIZE + 5; index += 1) await audit(t.deps.db, t.clock, { event: "account.login_failed", accountId: person.id, ip: "=1+1" });
    const first = await browser.get(`/administration/journal?personne=${person.identifier}`);
    expect(first.body).toContain(`${AUDIT_PAGE_SIZE} lignes`);
    const next = /href="(\/administration\/journal\?personne=[^"]+avant=\d+)"/.exec(first.body)?.[1]?.replaceAll("&amp;", "&");
    expect(next).toBeDefined();
    const second = await browser.get(next!);
    // The 5 lines after the first 50 (and the account's creation, if audited).
    expect(Number(/Actions plus anciennes \((\d+) lignes?\)/.exec(second.body)?.[1])).toBeGreaterThanOrEqual(5);
    expect(second.body).toContain("Revenir aux actions les plus récentes");

    const csv = await browser.get(`/administration/journal/export.csv?personne=${person.identifier}&action=account.login_failed`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(csv.headers["content-disposition"]).toMatch(/^attachment; filename="journal-des-actions-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = parse(csv.body, { bom: true }) as string[][];
    expect(rows[0]).toEqual(["Date (heure de Paris)", "Action", "Code", "Personne concernée", "Auteur", "Adresse IP", "Détails"]);
    expect(rows).toHaveLength(AUDIT_PAGE_SIZE + 6);
    expect(rows[1]?.slice(1, 4)).toEqual(["Connexion refusée (identifiant ou mot de passe incorrect)", "account.login_failed", person.identifier]);
    // A value a spreadsheet would run as a formula is defused.
    expect(rows[1]?.[5]).toBe("=1+1");
  });

  it("refuses bad filters with French messages (400), the values kept, never a 500", async () => {
    const { browser } = await signedInAccount(t, { role: "platform_admin" });
    const page = await browser.get("/administration/journal?personne=personne.inconnue&action=drop+table&du=2026-02-31&au=hier");
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain("Aucun compte n&#39;a cet identifiant ou cette adresse électronique.");
    expect(page.body).toContain("Choisissez une action de la liste.");
    expect(page.body).toContain("Indiquez la date de début au format jj/mm/aaaa.");
    expect(page.body).toContain("Indiquez la date de fin au format jj/mm/aaaa.");
    expect(page.body).toContain('value="personne.inconnue"');
    const reversed = await browser.get("/administration/journal?du=2026-03-10&au=2026-03-01");
    expect(reversed.statusCode).toBe(400);
    expect(reversed.body).toContain("La date de fin doit être le même jour que la date de début ou après.");
    expect((await browser.get("/administration/journal?avant=abc&personne=x&personne=y")).statusCode).toBe(200);
    expect((await browser.get("/administration/journal/export.csv?du=demain")).statusCode).toBe(400);
  });

  it("is for platform admins only", async () => {
    const { browser } = await signedInAccount(t, { role: "agent" });
    expect((await browser.get("/administration/journal")).statusCode).toBe(404);
    expect((await browser.get("/administration/journal/export.csv")).statusCode).toBe(404);
  });
});
