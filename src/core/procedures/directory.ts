import path from "node:path";
import type { LoadReport } from "./load-procedures.ts";

// Kept apart from the loader, which brings TypeBox: the pages that only show reports start faster.

/** Where the portal's own procedure definitions live: `procedures/` at the repository's root. */
export const PORTAL_PROCEDURES_DIRECTORY = path.resolve(import.meta.dirname, "../../../procedures");

/** The report as an operator reads it in a terminal (and as the admin page lists it). */
export function describeLoadReport(report: LoadReport): string[] {
  const lines = report.procedures.map((loaded) => {
    switch (loaded.outcome) {
      case "new":
        return `${loaded.slug} (${loaded.title}) : nouvelle démarche, version 1 chargée en brouillon — publiez-la depuis /administration/demarches.`;
      case "version":
        return `${loaded.slug} (${loaded.title}) : version ${loaded.number} chargée — publiez-la pour que les nouvelles demandes l'utilisent.`;
      case "unchanged":
        return `${loaded.slug} (${loaded.title}) : inchangée (version ${loaded.number}).`;
    }
  });
  return [...lines, ...report.notes.map((note) => `Attention : ${note}`)];
}
