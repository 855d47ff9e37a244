/**
 * The decision mail moved to core/requests/decision-mail.ts (issue 15: a decision recorded by API
 * sends the same mail); the instruction's pages keep importing it from here.
 */
export { requestTransitionMail, type AgentTransition } from "../../core/requests/decision-mail.ts";
