/**
 * The benches' load client: `node:http` requests with keep-alive, headers and forms by hand (no
 * library: under 1 ms of CPU per request, which the reports show), and phases of workers looping
 * until a deadline. Used by bench/login.ts and bench/pages.ts.
 */
import http from "node:http";

export interface Reply {
  status: number;
  location: string | undefined;
  setCookies: string[];
  /** Empty unless asked for: reading bodies costs the client CPU the measures count. */
  body: string;
}

/** One request to the bench's server on 127.0.0.1. */
export function send(agent: http.Agent, port: number, method: "GET" | "POST", pathname: string, headers: Record<string, string>, body?: string, keepBody = false): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port, method, path: pathname, agent, headers }, (response) => {
      let text = "";
      if (keepBody) response.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      else response.resume();
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, location: response.headers.location, setCookies: response.headers["set-cookie"] ?? [], body: text }),
      );
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}

// ---------------------------------------------------------------------------------------------
// Phases. Each worker loops until the deadline; only operations finished inside the measured
// window count, and the phase waits for the stragglers so the next phase starts on an idle machine.

export interface PhaseResult {
  completed: number;
  /** Every operation run, stragglers past the deadline included: the CPU measures cover them all. */
  performed: number;
  latencies: number[];
  errors: Record<string, number>;
}

/** Runs `operation` on `concurrency` workers for `seconds`; an operation answers true or the kind of its error. */
export async function runPhase(concurrency: number, seconds: number, operation: (worker: number) => Promise<true | string>): Promise<PhaseResult> {
  const result: PhaseResult = { completed: 0, performed: 0, latencies: [], errors: {} };
  const end = performance.now() + seconds * 1000;
  const worker = async (index: number) => {
    while (performance.now() < end) {
      const begun = performance.now();
      let outcome: true | string;
      try {
        outcome = await operation(index);
      } catch (error) {
        outcome = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
      const finished = performance.now();
      result.performed += 1;
      if (finished > end) break;
      if (outcome === true) {
        result.completed += 1;
        result.latencies.push(finished - begun);
      } else result.errors[outcome] = (result.errors[outcome] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  return result;
}
