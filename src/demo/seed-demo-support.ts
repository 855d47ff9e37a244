import type { Clock } from "../platform/clock.ts";
import type { Db } from "../platform/db/database.ts";
import { HOUR } from "../platform/clock.ts";
import { normalizeLogin } from "../core/accounts/identifiers.ts";
import * as accounts from "../core/accounts/queries/accounts.ts";
import { generateReference } from "../features/contact/policies.ts";
import { countQuestionsByStatus, insertQuestion, insertReply, insertSupportAgent, markQuestionAnswered } from "../features/contact/queries.ts";

/**
 * demo.support answers the questions of /contact; the first start adds two questions: a
 * visitor's, new, and demo.usager's, already answered (shown in her "Mes questions").
 */
export async function seedDemoSupport(deps: { db: Db; clock: Clock }) {
  const agent = await accounts.findAccountByIdentifier(deps.db, normalizeLogin("demo.support"));
  if (!agent) return;
  const now = deps.clock.now();
  await insertSupportAgent(deps.db, { accountId: agent.id, grantedBy: null, grantedAt: now });
  const counts = await countQuestionsByStatus(deps.db);
  if (Object.values(counts).some((count) => count > 0)) return;
  const applicant = await accounts.findAccountByIdentifier(deps.db, "demo.usager");
  await deps.db.transaction().execute(async (trx) => {
    await insertQuestion(trx, {
      reference: generateReference(),
      topic: "documents",
      requestNumber: null,
      body: "Bonjour,\nfaut-il fournir l'avis d'imposition de chaque personne du foyer pour une demande de logement social ?\nMerci.",
      name: "Léa Fontaine",
      email: "lea.fontaine@exemple.fr",
      accountId: null,
      ip: "192.0.2.10",
      uploadId: null,
      createdAt: new Date(now.getTime() - 3 * HOUR),
    });
    if (!applicant) return;
    const asked = new Date(now.getTime() - 26 * HOUR);
    const question = await insertQuestion(trx, {
      reference: generateReference(),
      topic: "compte",
      requestNumber: null,
      body: "Je me suis mariée : comment changer mon nom sur mon compte ?",
      name: `${applicant.firstName} ${applicant.lastName}`,
      email: applicant.email,
      accountId: applicant.id,
      ip: "192.0.2.11",
      uploadId: null,
      createdAt: asked,
    });
    if (!question) return;
    const answered = new Date(asked.getTime() + 4 * HOUR);
    await insertReply(trx, {
      questionId: question.id,
      authorId: agent.id,
      fromSupport: true,
      body: "Bonjour,\nvous pouvez modifier votre nom dans « Mon compte », rubrique « Mes informations ». Si FranceConnect a vérifié votre identité, le nom vient de FranceConnect.\nCordialement,\nLe support",
      createdAt: answered,
    });
    await markQuestionAnswered(trx, question.id, { agentId: agent.id, now: answered });
  });
}
