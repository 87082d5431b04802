/**
 * The CLI proper, loaded by src/cli.ts once Node's compile cache is on: wires process I/O to the
 * command runner and sets the exit code.
 */
import { runCli } from './main.js';
import { COMMANDS } from './commands.js';
import { safeOutput } from '../report/mask.js';
import { TOOL_NAME } from '../contract/version.js';
import { keepYoungGenerationSmall } from '../parse/young-generation.js';

keepYoungGenerationSmall();

// A reader that goes away (`promotion-gate events | head`) closes the pipe: further output is
// dropped, but the command runs to its end, so its report is still written and its exit code
// still says what was decided.
let stdoutClosed = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') {
    stdoutClosed = true;
    return;
  }
  throw error;
});

runCli(process.argv.slice(2), {
  stdout: (text) => (stdoutClosed ? true : process.stdout.write(text)),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY),
  stderrIsTty: Boolean(process.stderr.isTTY),
  ...(process.stdout.isTTY ? { columns: process.stdout.columns } : {}),
  cwd: process.cwd(),
  env: process.env,
}, COMMANDS).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // An unexpected failure is a bug, never a pass: report it and exit 2 (nothing decided).
    process.stderr.write(safeOutput(`${TOOL_NAME}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`));
    process.exitCode = 2;
  },
);
