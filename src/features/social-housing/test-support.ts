import { randomBytes } from "node:crypto";
import type { TestApp, TestBrowser } from "../../../test/app.ts";
import { buildAccount, logInAs } from "../../../test/builders.ts";
import { TestBrowser as Browser } from "../../../test/app.ts";
import type { CeilingRow } from "../../core/housing/ceilings.ts";
import { CEILING_COLUMNS } from "../../core/housing/ceilings-file.ts";
import { demoCeilingRows } from "../../demo/seed-demo-housing.ts";

/** A ceilings CSV for some years, from rows (the demo's by default), amounts the French way. */
export function ceilingsCsv(years: number[], rows: CeilingRow[] = demoCeilingRows()) {
  const format = (amount: number) => amount.toLocaleString("fr-FR").replace(/\u202f/g, " ");
  const lines = years.flatMap((year) =>
    rows.map((row) =>
      [String(year), row.financing, row.zone, ...[row.category1, row.category2, row.category3, row.category4, row.category5, row.category6, row.perAdditionalPerson].map(format)].join(";"),
    ),
  );
  return `\uFEFF${Object.values(CEILING_COLUMNS).join(";")}\r\n${lines.join("\r\n")}\r\n`;
}

/** A signed-in platform admin's browser. */
export async function adminBrowser(t: TestApp) {
  const admin = await buildAccount(t.deps.db, { role: "platform_admin" });
  const browser = new Browser(t.app);
  await logInAs(browser, admin);
  return { browser, admin };
}

/** Uploads a file through one of the admin page's forms, as a browser sends it (token first). */
export async function uploadTable(t: TestApp, browser: TestBrowser, path: string, field: string, file?: { name: string; content: string | Buffer }) {
  const boundary = `----guichet${randomBytes(8).toString("hex")}`;
  const parts: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${browser.csrfToken()}\r\n`)];
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const cookie = ["guichet_session", "guichet_csrf"].flatMap((name) => (browser.cookie(name) ? [`${name}=${browser.cookie(name)}`] : [])).join("; ");
  const response = await t.app.inject({
    method: "POST",
    url: path,
    remoteAddress: browser.ip,
    headers: { cookie, "content-type": `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(parts),
  });
  browser.lastPage = response.body;
  return response;
}
