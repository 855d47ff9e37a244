import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { camille, testPageContext } from "../../../test/page-context.ts";
import type { RequestStatus } from "../../platform/db/schema.ts";
import type { ProcedureDefinition } from "../../core/procedures/definition/schema.ts";
import { requestEventTypes } from "../../core/requests/event-types.ts";
import { eventLabels } from "../../core/requests/presentation.ts";
import type { ApplicantRequest, ApplicantRequestSummary } from "../../core/requests/queries/requests.ts";
import { HistoryPage, MyRequestsPage, StepPage } from "./views.tsx";

const DAY = 24 * 60 * 60 * 1000;
const now = new Date("2026-12-05T10:00:00Z");

const ctx = testPageContext({ account: camille, path: "/demandes" });

const render = async (page: unknown) => String(await page);

/** The text of the page's <main>, as a person reads it (tags dropped, entities decoded). */
function mainText(html: string): string {
  const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? "";
  return main
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

/** A code a person should never read: snake_case, or dotted like `request.filed`. */
const RAW_CODE = /\b[a-z]+(?:_[a-z]+)+\b|\b[a-z]+(?:\.[a-z_]+)+\b/;

function summary(overrides: Partial<ApplicantRequestSummary>): ApplicantRequestSummary & { now: Date } {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    status: "draft" as RequestStatus,
    number: null,
    currentStep: null,
    createdAt: new Date(now.getTime() - 3 * DAY - 60_000),
    filedAt: null,
    takenAt: null,
    decidedAt: null,
    validUntil: null,
    renewedAt: null,
    remindedMonthAt: null,
    procedureVersionId: "00000000-0000-4000-8000-000000000002",
    hasOpenAsk: false,
    paymentAwaitsDocuments: false,
    title: "Demande de logement social",
    ...overrides,
    now,
  } as ApplicantRequestSummary & { now: Date };
}

function applicantRequest(overrides: Partial<ApplicantRequest> = {}): ApplicantRequest {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    status: "draft",
    number: null,
    currentStep: null,
    applicantId: "00000000-0000-4000-8000-000000000003",
    applicantEmail: "camille@example.org",
    organisationId: null,
    procedureId: "00000000-0000-4000-8000-000000000004",
    procedureVersionId: "00000000-0000-4000-8000-000000000002",
    createdAt: now,
    updatedAt: now,
    filedAt: null,
    takenAt: null,
    decidedAt: null,
    validUntil: null,
    renewedAt: null,
    answersVersion: 0,
    slug: "logement-social",
    answers: {},
    ...overrides,
  } as ApplicantRequest;
}

describe("« Mes demandes »: seniority", () => {
  async function cardText(overrides: Partial<ApplicantRequestSummary>) {
    return mainText(await render(MyRequestsPage({ ctx, requests: [summary(overrides)], now, links: [] })));
  }

  it("gives a draft no seniority: it says when it was created", async () => {
    const text = await cardText({});
    expect(text).toContain("Créée le");
    expect(text).not.toContain("Ancienneté");
    expect(text).not.toContain("jour(s)");
  });

  it("counts a filed request's seniority in days, in proper French", async () => {
    const filed = (days: number) => cardText({ status: "filed", number: "LSAAAAAAAAAAAAAAAA", filedAt: new Date(now.getTime() - days * DAY - 60_000) });
    expect(await filed(0)).toContain("Ancienneté déposée aujourd'hui");
    expect(await filed(1)).toContain("Ancienneté 1 jour ");
    expect(await filed(3)).toContain("Ancienneté 3 jours");
    for (const days of [0, 1, 3]) expect(await filed(days)).not.toContain("jour(s)");
  });
});

describe("a draft's step list (issue 13)", () => {
  async function housing(): Promise<ProcedureDefinition> {
    return JSON.parse(await readFile(new URL("../../../procedures/logement-social.json", import.meta.url), "utf8")) as ProcedureDefinition;
  }

  async function stepPage(stepIndex: number) {
    const definition = await housing();
    const steps = definition.étapes.map((step, index) => ({ step, done: index < stepIndex }));
    const step = definition.étapes[stepIndex]!;
    return render(StepPage({ ctx, request: applicantRequest(), definition, step, steps, slots: [], missing: [], minimalMissing: [] }));
  }

  it("folds into a disclosure, closed by default, whose summary says where the person is", async () => {
    const html = await stepPage(2);
    const nav = /<nav class="request-steps" aria-label="Étapes de la demande">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? "";
    expect(nav).toMatch(/<details class="request-steps__fold" data-step-list="true">/);
    expect(nav).not.toMatch(/<details[^>]* open/);
    expect(nav).toContain('<summary class="request-steps__summary">Étape 3 sur 9 : Composition du foyer</summary>');
  });

  it("keeps every step as a link inside it, the current one marked", async () => {
    const html = await stepPage(2);
    const details = /<details class="request-steps__fold"[^>]*>([\s\S]*?)<\/details>/.exec(html)?.[1] ?? "";
    const links = [...details.matchAll(/<a href="([^"]+)"([^>]*)>([^<]+)<\/a>/g)];
    expect(links).toHaveLength(9);
    expect(links.map((link) => link[3])).toEqual((await housing()).étapes.map((step) => step.titre));
    expect(links.filter((link) => (link[2] ?? "").includes('aria-current="step"')).map((link) => link[3])).toEqual(["Composition du foyer"]);
  });

  it("puts the list before the step's title, and the title before its form", async () => {
    const html = await stepPage(0);
    expect(html.indexOf("</nav>", html.indexOf("request-steps"))).toBeLessThan(html.indexOf("<h1>"));
    expect(html.indexOf("<h1>")).toBeLessThan(html.indexOf('id="formulaire-etape"'));
  });
});

describe("a request's history, as the applicant reads it", () => {
  it("says every kind of event in words, never as its code", async () => {
    const events = requestEventTypes.map((event, index) => ({ id: index + 1, occurredAt: new Date(now.getTime() + index * 60_000), event, reason: null }));
    const text = mainText(await render(HistoryPage({ ctx, request: applicantRequest({ status: "filed", number: "LSAAAAAAAAAAAAAAAA" }), title: "Demande de logement social", events })));
    for (const event of requestEventTypes) {
      expect(text).toContain(eventLabels[event]);
      expect(text).not.toContain(event);
    }
    expect(text).not.toMatch(RAW_CODE);
  });

  it("says a line of a kind no longer written in words too", async () => {
    const events = [{ id: 1, occurredAt: now, event: "request.archived_long_ago", reason: null }];
    const text = mainText(await render(HistoryPage({ ctx, request: applicantRequest(), title: "Demande", events })));
    expect(text).toContain("Autre événement de la demande");
    expect(text).not.toMatch(RAW_CODE);
  });
});
