/**
 * A small JSON reader for what JSON.parse does not say: where the text stops being valid (V8's
 * messages give a position only sometimes, and authors need a line and a column), and which
 * keys appear twice in one object (JSON.parse silently keeps the last one, so a second
 * « condition » would quietly replace the first).
 */

export interface JsonScan {
  /** Offset of the first syntax error; undefined when the text is valid JSON. */
  errorOffset?: number;
  /** Keys written twice in one object, with the path of the object ("étapes[0].champs[1]"). */
  duplicateKeys: { path: string; key: string }[];
}

class JsonStop {
  constructor(readonly offset: number) {}
}

export function scanJson(text: string): JsonScan {
  let i = 0;
  const duplicateKeys: JsonScan["duplicateKeys"] = [];
  const fail = (): never => {
    throw new JsonStop(i);
  };
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const char of word) {
      if (text[i] !== char) fail();
      i++;
    }
  };
  const string = (): string => {
    if (text[i] !== '"') fail();
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? "")) fail();
      }
      i++;
    }
    if (text[i] !== '"') fail();
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) fail();
    i += match![0].length;
  };
  const value = (path: string): void => {
    space();
    const char = text[i];
    if (char === "{") {
      i++;
      space();
      if (text[i] === "}") return void i++;
      const keys = new Set<string>();
      for (;;) {
        space();
        const key = string();
        if (keys.has(key)) duplicateKeys.push({ path, key });
        keys.add(key);
        space();
        if (text[i] !== ":") fail();
        i++;
        value(path === "" ? key : `${path}.${key}`);
        space();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return void i++;
        else fail();
      }
    }
    if (char === "[") {
      i++;
      space();
      if (text[i] === "]") return void i++;
      for (let index = 0; ; index++) {
        value(`${path}[${index}]`);
        space();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return void i++;
        else fail();
      }
    }
    if (char === '"') return void string();
    if (char === "t") return literal("true");
    if (char === "f") return literal("false");
    if (char === "n") return literal("null");
    return number();
  };
  try {
    value("");
    space();
    // Something after the value ("{} {}"): invalid from there.
    return i < text.length ? { errorOffset: i, duplicateKeys } : { duplicateKeys };
  } catch (error) {
    if (error instanceof JsonStop) return { errorOffset: error.offset, duplicateKeys };
    throw error;
  }
}

/** "ligne 4, colonne 7" of an offset (both counted from 1). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}
