import { enableCompileCache } from "node:module";

// Imported first by main.ts, before it loads the portal: V8 keeps compiled code on disk between
// starts, which takes about a third off "start to first page" (DESIGN.md's budget: 2 s on an
// existing data directory).
enableCompileCache();
