import { fileURLToPath } from "node:url";
import { CamelCasePlugin, sql } from "kysely";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/database.ts";

/**
 * schema.ts is written by hand beside the migrations; nothing else checks that the two agree, and
 * a disagreement only shows when a query returns what its type says it cannot (a null in a
 * `string`). This test migrates a fresh database and compares, column by column, the tables in
 * information_schema with the interfaces of `Database` read by the TypeScript compiler.
 */

/** Broad types, enough to catch a wrong column without restating PostgreSQL's type system. */
type Broad = "string" | "number" | "boolean" | "date" | "bytes" | "string[]" | "json" | `other: ${string}`;

interface ColumnShape {
  broad: Broad;
  /** Undefined when the type cannot say (a JSON column typed `unknown`, which includes null). */
  nullable: boolean | undefined;
}

type Shapes = Map<string, Map<string, ColumnShape>>;

const schemaPath = fileURLToPath(new URL("./schema.ts", import.meta.url));

/** Kysely's own camelCase → snake_case, as the app's CamelCasePlugin applies it to every name. */
class SnakeCase extends CamelCasePlugin {
  convert(name: string): string {
    return this.snakeCase(name);
  }
}
const snakeCase = (name: string) => new SnakeCase().convert(name);

/** Each table of `Database` in schema.ts, with each column's select type (Kysely's `__select__`). */
function readSchemaTypes(): Shapes {
  const program = ts.createProgram([schemaPath], {
    strict: true,
    target: ts.ScriptTarget.ES2024,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(schemaPath);
  const database = file?.statements.find((node): node is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(node) && node.name.text === "Database");
  if (!database) throw new Error("schema.ts has no interface Database");
  const shapes: Shapes = new Map();
  for (const table of checker.getPropertiesOfType(checker.getTypeAtLocation(database))) {
    const columns = new Map<string, ColumnShape>();
    for (const column of checker.getPropertiesOfType(checker.getTypeOfSymbol(table))) {
      let type = checker.getTypeOfSymbol(column);
      const select = type.getProperty("__select__");
      if (select) type = checker.getTypeOfSymbol(select);
      columns.set(snakeCase(column.name), describeTsType(checker, type));
    }
    shapes.set(snakeCase(table.name), columns);
  }
  return shapes;
}

function describeTsType(checker: ts.TypeChecker, type: ts.Type): ColumnShape {
  if (type.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return { broad: "json", nullable: undefined };
  const members = type.isUnion() ? type.types : [type];
  const nullable = members.some((member) => member.flags & ts.TypeFlags.Null);
  const kinds = new Set<Broad>();
  for (const member of members) {
    if (member.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) continue;
    kinds.add(broadTsType(checker, member));
  }
  const broad: Broad = kinds.size === 1 ? [...kinds][0]! : `other: ${[...kinds].join(" | ")}`;
  return { broad, nullable };
}

function broadTsType(checker: ts.TypeChecker, type: ts.Type): Broad {
  if (type.flags & ts.TypeFlags.StringLike) return "string";
  if (type.flags & ts.TypeFlags.NumberLike) return "number";
  if (type.flags & ts.TypeFlags.BooleanLike) return "boolean";
  const name = type.getSymbol()?.name;
  if (name === "Date") return "date";
  if (name === "Uint8Array" || name === "Buffer") return "bytes";
  if (checker.isArrayType(type)) {
    const [element] = checker.getTypeArguments(type as ts.TypeReference);
    if (element && element.flags & ts.TypeFlags.StringLike) return "string[]";
  }
  // Objects and arrays of objects are stored as JSON.
  return "json";
}

/** The columns of the public schema after all migrations, in the same broad types. */
async function readDatabaseColumns(db: Awaited<ReturnType<typeof createTestDatabase>>["db"]): Promise<Shapes> {
  const { rows } = await sql<{ tableName: string; columnName: string; dataType: string; udtName: string; isNullable: "YES" | "NO" }>`
    select table_name, column_name, data_type, udt_name, is_nullable
    from information_schema.columns
    where table_schema = 'public' and table_name not like 'kysely_migration%'
    order by table_name, ordinal_position`.execute(db);
  const shapes: Shapes = new Map();
  for (const row of rows) {
    const columns = shapes.get(row.tableName) ?? new Map<string, ColumnShape>();
    columns.set(row.columnName, { broad: broadDatabaseType(row.dataType, row.udtName), nullable: row.isNullable === "YES" });
    shapes.set(row.tableName, columns);
  }
  return shapes;
}

function broadDatabaseType(dataType: string, udtName: string): Broad {
  switch (dataType) {
    case "text":
    case "character varying":
    case "character":
    case "uuid":
    case "inet":
    case "numeric": // pg returns numeric as a string, to keep its precision
      return "string";
    case "smallint":
    case "integer":
    case "bigint": // src/platform/db/database.ts parses int8 to a number
    case "real":
    case "double precision":
      return "number";
    case "boolean":
      return "boolean";
    case "timestamp with time zone":
    case "timestamp without time zone":
      return "date";
    case "date": // src/platform/db/database.ts keeps calendar days as 'YYYY-MM-DD' text
      return "string";
    case "bytea":
      return "bytes";
    case "json":
    case "jsonb":
      return "json";
    case "ARRAY":
      return ["_text", "_varchar", "_citext"].includes(udtName) ? "string[]" : `other: ${udtName}`;
    case "USER-DEFINED":
      // citext and enums read as strings; anything else has no TypeScript type here.
      return udtName === "citext" ? "string" : `other: ${udtName}`;
    case "tsvector": // full-text search vectors: both drivers return their text form
      return "string";
    default:
      return `other: ${dataType}`;
  }
}

/** A JSON column holding a list of strings may be typed string[]. */
function compatible(typed: Broad, stored: Broad): boolean {
  return typed === stored || (typed === "string[]" && stored === "json");
}

/** Every disagreement, one line each, in words a reader can act on. */
function compareShapes(typed: Shapes, stored: Shapes): string[] {
  const differences: string[] = [];
  for (const [table, columns] of stored) {
    const typedColumns = typed.get(table);
    if (!typedColumns) {
      differences.push(`table ${table}: in the database, missing from Database in schema.ts`);
      continue;
    }
    for (const [column, shape] of columns) {
      const typedShape = typedColumns.get(column);
      if (!typedShape) differences.push(`${table}.${column}: in the database (${shape.broad}), missing from schema.ts`);
      else {
        if (!compatible(typedShape.broad, shape.broad)) differences.push(`${table}.${column}: ${shape.broad} in the database, ${typedShape.broad} in schema.ts`);
        if (typedShape.nullable !== undefined && typedShape.nullable !== shape.nullable) {
          differences.push(`${table}.${column}: ${shape.nullable ? "nullable" : "not null"} in the database, ${typedShape.nullable ? "nullable" : "not null"} in schema.ts`);
        }
      }
    }
    for (const column of typedColumns.keys()) {
      if (!columns.has(column)) differences.push(`${table}.${column}: in schema.ts, not in the database`);
    }
  }
  for (const table of typed.keys()) {
    if (!stored.has(table)) differences.push(`table ${table}: in schema.ts, not in the database`);
  }
  return differences;
}

describe("schema.ts", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let stored: Shapes;
  let typed: Shapes;
  beforeAll(async () => {
    database = await createTestDatabase();
    stored = await readDatabaseColumns(database.db);
    typed = readSchemaTypes();
  });
  afterAll(() => database.drop());

  it("declares every table and column of the migrated database, with its nullability and broad type", () => {
    expect(stored.size).toBeGreaterThan(20);
    expect(compareShapes(typed, stored)).toEqual([]);
  });

  it("would list each kind of disagreement", () => {
    const altered: Shapes = new Map([...typed].map(([table, columns]) => [table, new Map(columns)]));
    altered.get("accounts")!.delete("email");
    altered.get("accounts")!.set("activated_at", { broad: "date", nullable: false });
    altered.get("accounts")!.set("role", { broad: "number", nullable: false });
    altered.get("accounts")!.set("nickname", { broad: "string", nullable: true });
    altered.delete("letters");
    expect(compareShapes(altered, stored)).toEqual([
      "accounts.email: in the database (string), missing from schema.ts",
      "accounts.role: string in the database, number in schema.ts",
      "accounts.activated_at: nullable in the database, not null in schema.ts",
      "accounts.nickname: in schema.ts, not in the database",
      "table letters: in the database, missing from Database in schema.ts",
    ]);
  });
});
