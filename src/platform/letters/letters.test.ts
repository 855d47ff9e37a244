import { sql } from "kysely";
import { getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { generateLetterJob } from "./generate-letter-job.ts";
import { ADDRESS_LINE_MAX, InvalidLetterError, addressLines, checkPostalAddress, type LetterContent } from "./letters.ts";
import { outboxProvider, type LetterProvider } from "./providers.ts";
import { ADDRESS_WINDOW, frenchDate, letterNumber, mm, winAnsi } from "./render-letter.ts";

const A4_HEIGHT = mm(297);

/** Each piece of text on the PDF's pages, with where it starts (in millimetres from the top left). */
async function readPdf(pdf: Uint8Array) {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const items: { text: string; page: number; leftMm: number; baselineMm: number; size: number }[] = [];
  for (let page = 1; page <= document.numPages; page++) {
    const content = await (await document.getPage(page)).getTextContent();
    for (const item of content.items) {
      if (!("str" in item) || item.str === "") continue;
      const [size, , , , x, y] = item.transform as number[];
      items.push({ text: item.str, page, leftMm: (x! * 25.4) / 72, baselineMm: ((A4_HEIGHT - y!) * 25.4) / 72, size: size! });
    }
  }
  return { pages: document.numPages, items, text: items.map((item) => item.text).join("\n") };
}

const activationLetter: LetterContent = {
  to: {
    name: "Association Les Amis du Lac",
    detail: "Madame Hélène Lefèvre",
    complement: "Résidence Les Érables, bât. B",
    street: "12 rue de l'Église",
    distribution: "BP 42",
    postalCode: "31400",
    commune: "Toulouse Cédex 4",
  },
  subject: "Code d'activation de l'espace de votre structure",
  body: [
    { type: "paragraph", text: "Madame, Monsieur," },
    { type: "paragraph", text: "Une personne a demandé à administrer l'espace de votre structure sur le portail. Pour le confirmer, elle doit saisir le code ci-dessous ; sans ce code, rien ne change." },
    { type: "code", label: "Code d'activation", code: "K7QM-4XWR", hint: "Valable 30 jours, jusqu'au 1er avril 2026." },
    { type: "list", items: ["Connectez-vous à l'espace personnel.", "Saisissez le code dans « Ma structure »."] },
    { type: "paragraph", text: "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées. Œuvre, cœur, 12 € — « à bientôt »." },
  ],
  reference: "STR-000123",
};

describe("postal letters", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { PORTAL_NAME: "Mes aides en ligne", PORTAL_ORGANISATION: "Région Occitanie" } });
  });
  afterAll(() => t.close());

  const job = (provider: LetterProvider = outboxProvider) =>
    generateLetterJob({ db: t.deps.db, clock: t.clock, brand: t.deps.config.brand, provider });

  async function letterRow(id: string) {
    return t.deps.db.selectFrom("letters").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  }

  async function jobsFor(letterId: string) {
    const result = await sql<{ count: number }>`select count(*)::int as count from pgboss.job where name = 'generate-letter' and data->>'letterId' = ${letterId}`.execute(t.deps.db);
    return result.rows[0]!.count;
  }

  it("stores a queued letter and its generation job", async () => {
    const { id } = await t.deps.letters.queue(t.deps.db, activationLetter);
    const row = await letterRow(id);
    expect(row).toMatchObject({ status: "queued", recipientName: "Association Les Amis du Lac", recipientCountry: null, reference: "STR-000123", pdf: null, provider: null });
    expect(row.body).toEqual(activationLetter.body);
    expect(await jobsFor(id)).toBe(1);
  });

  it("leaves no letter and no job when the caller's transaction rolls back", async () => {
    let queuedId = "";
    await expect(
      t.deps.db.transaction().execute(async (trx) => {
        queuedId = (await t.deps.letters.queue(trx, { ...activationLetter, reference: "ROLLED-BACK" })).id;
        throw new Error("the use case failed after queueing");
      }),
    ).rejects.toThrow("the use case failed");
    expect(queuedId).not.toBe("");
    expect(await t.deps.db.selectFrom("letters").select("id").where("reference", "=", "ROLLED-BACK").execute()).toEqual([]);
    expect(await jobsFor(queuedId)).toBe(0);
  });

  it("refuses an address that cannot be printed in the window, and queues nothing", async () => {
    const before = await t.deps.db.selectFrom("letters").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const error = await t.deps.letters
      .queue(t.deps.db, { ...activationLetter, to: { ...activationLetter.to, street: "x".repeat(ADDRESS_LINE_MAX + 1), postalCode: "314" }, subject: " " })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidLetterError);
    expect((error as InvalidLetterError).problems).toEqual({
      street: "Cette ligne de l'adresse doit faire au plus 38 caractères.",
      postalCode: "Le code postal doit comporter 5 chiffres.",
      subject: "L'objet du courrier est obligatoire.",
    });
    const after = await t.deps.db.selectFrom("letters").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("renders an A4 PDF with the sender, the recipient, the date, the subject, the body, the code and the footer, accents included", async () => {
    const { id } = await t.deps.letters.queue(t.deps.db, activationLetter);
    await job()({ letterId: id });
    const row = await letterRow(id);
    expect(row.status).toBe("generated");
    expect(row.generatedAt).not.toBeNull();
    expect(row.provider).toBe("outbox");
    const pdf = Buffer.from(row.pdf!);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.length).toBeLessThan(20_000);

    const { text, pages } = await readPdf(pdf);
    expect(pages).toBe(1);
    for (const expected of [
      "Région Occitanie",
      "Mes aides en ligne",
      "Association Les Amis du Lac",
      "Madame Hélène Lefèvre",
      "Résidence Les Érables, bât. B",
      "12 rue de l'Église",
      "BP 42",
      "31400 TOULOUSE CEDEX 4",
      "Le 2 mars 2026",
      "Référence : STR-000123",
      "Objet : Code d'activation de l'espace de votre structure",
      "Code d'activation",
      "Valable 30 jours, jusqu'au 1er avril 2026.",
      "Saisissez le code dans « Ma structure ».",
      `Courrier n° ${letterNumber(id)} — page 1 sur 1`,
      "Mes aides en ligne — Région Occitanie",
    ]) {
      expect(text, expected).toContain(expected);
    }
    // Paragraphs wrap: compare the words, whatever the line breaks.
    const words = text.replace(/\s+/g, " ");
    expect(words).toContain("Une personne a demandé à administrer l'espace de votre structure sur le portail.");
    expect(words).toContain("Œuvre, cœur, 12 € — « à bientôt ».");
    // The code is spaced out on paper; read without the spacing, it is the code.
    expect(text.replace(/ /g, "")).toContain("K7QM-4XWR");
  });

  it("prints the recipient's address inside the DL envelope's window, and nothing else there", async () => {
    const { id } = await t.deps.letters.queue(t.deps.db, activationLetter);
    await job()({ letterId: id });
    const { items } = await readPdf((await letterRow(id)).pdf!);
    const lines = addressLines(activationLetter.to);
    const windowTopMm = (ADDRESS_WINDOW.top * 25.4) / 72;
    const windowLeftMm = (ADDRESS_WINDOW.left * 25.4) / 72;
    expect(windowLeftMm).toBeCloseTo(100, 5);
    expect(windowTopMm).toBeCloseTo(50, 5);
    for (const line of lines) {
      const item = items.find((candidate) => candidate.text === line);
      expect(item, line).toBeDefined();
      expect(item!.leftMm).toBeCloseTo(100, 1);
      // The visible part of the window, wherever the folded sheet sits: 50–84 mm from the top.
      expect(item!.baselineMm).toBeGreaterThan(50);
      expect(item!.baselineMm).toBeLessThan(84);
    }
    const inWindow = items.filter((item) => item.leftMm >= 95 && item.leftMm <= 195 && item.baselineMm >= 39 && item.baselineMm <= 95);
    expect(inWindow.map((item) => item.text)).toEqual(lines);
  });

  it("keeps each address line on one line in the window, even 38 wide capitals on all seven lines", async () => {
    const wide = "W".repeat(ADDRESS_LINE_MAX);
    const to = { name: wide, detail: wide, complement: wide, street: wide, distribution: wide, postalCode: "WWWWW", commune: "W".repeat(32), country: wide };
    expect(checkPostalAddress(to)).toEqual({});
    const { id } = await t.deps.letters.queue(t.deps.db, { ...activationLetter, to });
    await job()({ letterId: id });
    const { items } = await readPdf((await letterRow(id)).pdf!);
    const inWindow = items.filter((item) => item.leftMm >= 95 && item.leftMm <= 195 && item.baselineMm >= 39 && item.baselineMm <= 95);
    expect(inWindow.map((item) => item.text)).toEqual(addressLines(to));
    for (const item of inWindow) {
      expect(item.baselineMm).toBeGreaterThan(50);
      expect(item.baselineMm).toBeLessThan(84);
    }
  });

  it("adds pages when the body is long, with the page count in every footer", async () => {
    const long = Array.from({ length: 30 }, (_, n) => ({ type: "paragraph" as const, text: `Paragraphe ${n + 1} : ${"texte de la lettre ".repeat(12)}` }));
    const { id } = await t.deps.letters.queue(t.deps.db, { ...activationLetter, body: [...long, activationLetter.body[2]!] });
    await job()({ letterId: id });
    const { pages, items } = await readPdf((await letterRow(id)).pdf!);
    expect(pages).toBeGreaterThan(1);
    for (let page = 1; page <= pages; page++) {
      expect(items.some((item) => item.page === page && item.text === `Courrier n° ${letterNumber(id)} — page ${page} sur ${pages}`)).toBe(true);
    }
    expect(items.filter((item) => item.text.replace(/ /g, "") === "K7QM-4XWR")).toHaveLength(1);
  });

  it("records a provider's failure and, retried, hands the same PDF over once", async () => {
    const { id } = await t.deps.letters.queue(t.deps.db, activationLetter);
    const sent: string[] = [];
    let up = false;
    const service: LetterProvider = {
      name: "impression-test",
      async send(letter) {
        if (!up) throw new Error("service d'impression injoignable");
        sent.push(letter.id);
        expect(Buffer.from(letter.pdf).subarray(0, 5).toString()).toBe("%PDF-");
        return { providerReference: `IMP-${letter.id.slice(0, 4)}`, posted: true };
      },
    };
    await expect(job(service)({ letterId: id })).rejects.toThrow("injoignable");
    const failed = await letterRow(id);
    expect(failed).toMatchObject({ status: "generated", provider: null, attempts: 1 });
    expect(failed.lastError).toContain("injoignable");
    const pdf = Buffer.from(failed.pdf!);

    up = true;
    await job(service)({ letterId: id });
    await job(service)({ letterId: id });
    const posted = await letterRow(id);
    expect(sent).toEqual([id]);
    expect(posted).toMatchObject({ status: "posted", provider: "impression-test", providerReference: `IMP-${id.slice(0, 4)}`, lastError: null, postedBy: null });
    expect(posted.postedAt).not.toBeNull();
    expect(Buffer.from(posted.pdf!).equals(pdf)).toBe(true);
  });

  it("does not generate a letter cancelled before its turn", async () => {
    const { id } = await t.deps.letters.queue(t.deps.db, activationLetter);
    await t.deps.db.updateTable("letters").set({ status: "cancelled", cancelledAt: t.clock.now() }).where("id", "=", id).execute();
    await job()({ letterId: id });
    expect(await letterRow(id)).toMatchObject({ status: "cancelled", pdf: null, provider: null });
  });
});

describe("postal letters through the durable queue", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ workers: true });
  });
  afterAll(() => t.close());

  it("are generated and waiting in the outbox once the queueing transaction commits", async () => {
    const id = await t.deps.db.transaction().execute(async (trx) => (await t.deps.letters.queue(trx, activationLetter)).id);
    const deadline = Date.now() + 15_000;
    let status = "queued";
    while (status === "queued" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = (await t.deps.db.selectFrom("letters").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
    }
    expect(status).toBe("generated");
  }, 20_000);
});

describe("letter helpers", () => {
  it("write the date as a French letter does, in Paris time", () => {
    expect(frenchDate(new Date("2026-03-01T10:00:00Z"))).toBe("Le 1er mars 2026");
    expect(frenchDate(new Date("2026-12-31T23:30:00Z"))).toBe("Le 1er janvier 2027");
    expect(frenchDate(new Date("2026-08-15T08:00:00Z"))).toBe("Le 15 août 2026");
  });

  it("keep French in the built-in fonts' encoding and bring anything else back to a printable letter", () => {
    expect(winAnsi("Œuvre « été » – 12 € ’")).toBe("Œuvre « été » – 12 € ’");
    expect(winAnsi("Łódź ćma")).toBe("?ódz cma");
    expect(winAnsi("1\u202f000")).toBe("1\u00a0000");
  });

  it("lay the address out in the NF Z10-011 lines, skipping empty ones, the last lines in capitals", () => {
    expect(addressLines({ name: "Mme Jeanne Dupont", detail: "", street: "3 place du Capitole", postalCode: "31000", commune: "Toulouse" })).toEqual([
      "Mme Jeanne Dupont",
      "3 place du Capitole",
      "31000 TOULOUSE",
    ]);
    expect(addressLines({ name: "M. Paul Martin", street: "Rue du Lac 4", postalCode: "1003", commune: "Lausanne", country: "Suisse" })).toEqual([
      "M. Paul Martin",
      "Rue du Lac 4",
      "1003 LAUSANNE",
      "SUISSE",
    ]);
  });

  it("accept a foreign postal code abroad and require the mandatory lines", () => {
    expect(checkPostalAddress({ name: "M. Paul Martin", street: "Rue du Lac 4", postalCode: "1003", commune: "Lausanne", country: "Suisse" })).toEqual({});
    expect(checkPostalAddress({ name: " ", street: "", postalCode: "", commune: "" })).toEqual({
      name: "Le nom du destinataire est obligatoire.",
      street: "Le numéro et le libellé de la voie sont obligatoires.",
      commune: "La commune est obligatoire.",
      postalCode: "Le code postal est obligatoire.",
    });
  });
});
