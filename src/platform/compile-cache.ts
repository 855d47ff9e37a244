import { enableCompileCache } from "node:module";

// Imported first by main.ts, before it loads the portal: V8 keeps compiled code on disk between
// starts (DESIGN.md's budget for "start to first page": 2 s on an existing data directory).
enableCompileCache();
