import { LRUCache } from "lru-cache";
import type { ApplicantRequest } from "./queries/requests.ts";

/**
 * Drafts kept in memory between their saves (issue 14: a draft's step saved read the request
 * again each time, a third of the save's round trips and a fifth of its processor time).
 *
 * A draft is kept as its applicant last read or saved it, with its version (the request's and
 * its applicant's row versions, ROW_VERSION in queries/requests.ts). The next save merges into
 * the kept answers and writes only while that version still holds (saveStepIfUnchanged): then
 * the kept copy was exactly the database's, whatever process or job wrote since. When anything
 * wrote the request or its applicant, nothing is written, the copy is dropped, and the route reads
 * the request again as before (ownership, status, identity, answers).
 *
 * Each process keeps its own, at most `maxBytes` (4 MB) of answers as JSON, the least recently
 * used dropped first, each for an hour after its last use; a draft saved through another process
 * is read again here (its version moved).
 */
export class KeptDrafts {
  readonly #drafts: LRUCache<string, ApplicantRequest>;

  constructor(options: { maxBytes?: number } = {}) {
    this.#drafts = new LRUCache({
      maxSize: options.maxBytes ?? 4_000_000,
      // The answers' JSON and about as much again for the rest of the row and the identity.
      sizeCalculation: (draft) => JSON.stringify(draft.answers).length + 1000,
      ttl: 3_600_000,
      updateAgeOnGet: true,
    });
  }

  /** Keeps a draft as just read or saved (anything else is not kept). */
  keep(request: ApplicantRequest): void {
    if (request.status === "draft" && request.version) this.#drafts.set(request.id, request);
    else this.#drafts.delete(request.id);
  }

  /** The draft kept for this request, if it is this account's. */
  take(requestId: string, accountId: string): ApplicantRequest | undefined {
    const kept = this.#drafts.get(requestId);
    return kept?.applicantId === accountId ? kept : undefined;
  }

  drop(requestId: string): void {
    this.#drafts.delete(requestId);
  }
}
