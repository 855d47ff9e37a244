import type { Panel } from "../../ui/panels.ts";
import { DateText } from "../../ui/components.tsx";
import { questionPaths } from "./paths.ts";
import { TOPICS } from "./policies.ts";
import { isSupportAgent, listQuestionsOfAccount } from "./queries.ts";
import { StatusTag } from "./views.tsx";

/** How many of a person's questions the dashboard lists (the newest). */
const LISTED = 5;

/**
 * "Mes questions" on the dashboard: the questions the person sent signed in, their status and
 * answers, and the way to ask another. A support agent also finds the queue from here.
 */
export const dashboardQuestionsSection: Panel<{ accountId: string; role: string }> = async (db, host) => {
  // Only agents and administrators can be support agents (isSupportAgent checks the role too): no query for the others.
  const mayBeSupport = host.role === "agent" || host.role === "platform_admin";
  const [questions, support] = await Promise.all([listQuestionsOfAccount(db, host.accountId, LISTED), mayBeSupport ? isSupportAgent(db, host.accountId) : false]);
  return () => (
    <section aria-labelledby="mes-questions">
      <h2 id="mes-questions">Mes questions</h2>
      {questions.length > 0 ? (
        <ul class="link-list support-questions">
          {questions.map((question) => {
            const answers = question.answers;
            return (
              <li>
                <a href={questionPaths.mine(question.id)}>
                  {question.reference} : {TOPICS[question.topic]}
                </a>{" "}
                <StatusTag status={question.status} />{" "}
                <span class="field__hint">
                  envoyée le <DateText date={question.createdAt} />
                  {answers > 0 ? `, ${answers} réponse${answers > 1 ? "s" : ""}` : ", pas encore de réponse"}
                </span>
              </li>
            );
          })}
        </ul>
      ) : (
        <p>Vous n'avez pas posé de question.</p>
      )}
      <ul class="link-list">
        <li><a href={questionPaths.contact}>Poser une question</a></li>
        {support ? <li><a href={questionPaths.queue}>Traiter les questions des usagers (support)</a></li> : null}
      </ul>
    </section>
  );
};
