// Lint runs inside `npm test`: type-aware rules would double the type-check, so only the
// recommended syntactic rules plus a few that catch real mistakes in this code base.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules", "data", "public/build", "coverage", "test-results", "scratch", "dist"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["warn", "error"] }],
      eqeqeq: ["error", "always"],
    },
  },
  {
    files: ["src/cli.ts", "src/main.ts", "src/start.ts", "bench/**", "scripts/**", "e2e/**"],
    rules: { "no-console": "off" },
  },
);
