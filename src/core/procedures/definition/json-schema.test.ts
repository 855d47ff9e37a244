import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { JSON_SCHEMA_FILE, procedureJsonSchema } from "./json-schema.ts";

describe("the JSON Schema file for editors", () => {
  it("is up to date with the definition schema (regenerate it: npx tsx src/core/procedures/definition/json-schema.ts)", () => {
    expect(readFileSync(JSON_SCHEMA_FILE, "utf8")).toBe(procedureJsonSchema());
  });

  it("carries the French sentence editors show when an id is badly written", () => {
    const schema = JSON.parse(procedureJsonSchema()) as { properties: { slug: { errorMessage: string } } };
    expect(schema.properties.slug.errorMessage).toContain("lettres minuscules sans accent");
  });
});
