import { runCommand } from "./commands.ts";

/** `npm run guichet -- <command> [options]`: the operators' commands (src/commands.ts), in this process. */
process.exitCode = await runCommand(process.argv.slice(2), {
  env: process.env,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
