#!/usr/bin/env node
/** Entry point of `npm start`: runs the command line and sets the exit code. */
import { runCli } from './run';

runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
  cwd: process.cwd(),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // runCli answers every error itself; this is the last net, in the same one-line style.
    process.stderr.write(
      `Error: ${(e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ')}\n`,
    );
    process.exitCode = 1;
  },
);
