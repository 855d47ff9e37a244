/**
 * The definition format as a JSON Schema file for editors: with `"$schema":
 * "./schema/definition.schema.json"` at the top of a definition, VS Code and others complete the
 * keys and underline shape errors as the file is typed. The portal's own checks (French
 * messages, conditions, unique ids) stay the reference: run `load-procedures`.
 *
 * Regenerate after changing `schema.ts`: `npx tsx src/core/procedures/definition/json-schema.ts`
 * (a test fails while the file is out of date).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { ProcedureDefinitionSchema } from "./schema.ts";

export const JSON_SCHEMA_FILE = path.resolve(import.meta.dirname, "../../../../procedures/schema/definition.schema.json");

/**
 * The file's text: TypeBox schemas are JSON Schema already (their symbols are dropped by JSON);
 * our `errorMessage` keyword is the one VS Code shows when a pattern does not match.
 */
export function procedureJsonSchema(): string {
  const schema = { $schema: "http://json-schema.org/draft-07/schema#", title: "Définition de démarche Guichet", ...ProcedureDefinitionSchema };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (import.meta.filename === process.argv[1]) {
  writeFileSync(JSON_SCHEMA_FILE, procedureJsonSchema());
  process.stdout.write(`Écrit : ${JSON_SCHEMA_FILE}\n`);
}
