import type { Captcha } from "../../platform/captcha.ts";
import { countedAddress } from "../../platform/captcha/wait-token.ts";
import { HOUR, type Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { SupportTopic } from "../../platform/db/schema.ts";
import { FormError } from "../../platform/http/errors.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { audit } from "../../platform/audit.ts";
import { deleteUpload, type UploadRecord } from "../../platform/uploads/uploads.ts";
import { CAPTCHA_FAILED } from "../../core/accounts/register-account.ts";
import { insertUpload } from "../../core/requests/queries/requests.ts";
import { TooManyQuestionsError } from "./errors.ts";
import { questionReceivedMail } from "./mails.ts";
import { generateReference, QUESTIONS_PER_ADDRESS_PER_HOUR, QUESTIONS_PER_EMAIL_PER_DAY } from "./policies.ts";
import { countQuestionsFromAddressSince, countQuestionsToEmailSince, insertQuestion, lockAddressQuestions } from "./queries.ts";

export interface QuestionInput {
  topic: SupportTopic;
  /** A request number already read by `parseRequestNumber` (compact), or null. */
  requestNumber: string | null;
  body: string;
  /** A signed-in person writes under their account: name and address come from it. */
  sender: { kind: "account"; accountId: string; name: string; email: string } | { kind: "visitor"; name: string; email: string; altcha: string };
  upload: UploadRecord | null;
}

/**
 * Accepts a question from /contact: the flood limit of its address, the captcha for a visitor
 * who is not signed in, then in one transaction the attachment's row, the question and its
 * acknowledgement mail — once accepted, nothing of it can be lost. Throws TooManyQuestionsError
 * (429), FormError({ altcha }) when the captcha fails. The attachment's file is deleted on any error.
 */
export async function sendQuestion(
  deps: { db: Db; clock: Clock; config: Config; mailer: Mailer; captcha: Captcha },
  input: QuestionInput,
  context: { ip: string },
): Promise<{ id: string; reference: string }> {
  try {
    const ip = countedAddress(context.ip);
    // Checked first too, so a flood costs no captcha check and no upload row.
    if ((await countQuestionsFromAddressSince(deps.db, ip, new Date(deps.clock.now().getTime() - HOUR))) >= QUESTIONS_PER_ADDRESS_PER_HOUR) {
      throw new TooManyQuestionsError();
    }
    if (input.sender.kind === "visitor") {
      // The widget's solution, or without JavaScript the page's "short wait" token.
      const captcha = input.sender.altcha === "" ? { passed: false as const } : await deps.captcha.check(input.sender.altcha);
      if (!captcha.passed) throw new FormError({ altcha: captcha.message ?? CAPTCHA_FAILED });
    }
    const accountId = input.sender.kind === "account" ? input.sender.accountId : null;
    return await deps.db.transaction().execute(async (trx) => {
      // Counted again under the address's lock: questions sent at once must not overrun the limit.
      await lockAddressQuestions(trx, ip);
      const now = deps.clock.now();
      if ((await countQuestionsFromAddressSince(trx, ip, new Date(now.getTime() - HOUR))) >= QUESTIONS_PER_ADDRESS_PER_HOUR) throw new TooManyQuestionsError();
      if ((await countQuestionsToEmailSince(trx, input.sender.email, new Date(now.getTime() - 24 * HOUR))) >= QUESTIONS_PER_EMAIL_PER_DAY) throw new TooManyQuestionsError();
      if (input.upload) await insertUpload(trx, input.upload);
      let question: { id: string; reference: string } | null = null;
      // A reference drawn twice (about once in a trillion) is drawn again.
      for (let attempt = 0; !question && attempt < 5; attempt++) {
        question = await insertQuestion(trx, {
          reference: generateReference(),
          topic: input.topic,
          requestNumber: input.requestNumber,
          body: input.body,
          name: input.sender.name,
          email: input.sender.email,
          accountId,
          ip,
          uploadId: input.upload?.id ?? null,
          createdAt: now,
        });
      }
      if (!question) throw new Error("No free question reference after 5 draws");
      await deps.mailer.queue(
        trx,
        input.sender.email,
        await questionReceivedMail(deps.config, { name: input.sender.name, reference: question.reference, topic: input.topic, withAccount: accountId !== null, questionId: question.id }),
      );
      await audit(trx, deps.clock, { event: "support.question_received", accountId, actorId: accountId, ip: context.ip, details: { questionId: question.id, reference: question.reference, topic: input.topic } });
      return question;
    });
  } catch (error) {
    if (input.upload) await deleteUpload(deps, input.upload);
    throw error;
  }
}
