/**
 * The CLI: `promotion-gate <command> [flags]`. Parses argv (parse-flags.ts, in the tool's
 * own wording), dispatches, and maps errors to exit codes: a UsageError (or any flag
 * problem) is exit 2 with one line on stderr naming the input at fault, with a suggestion
 * when a command or flag is misspelt. Help is wrapped to the terminal (100 columns off one).
 */
import { didYouMean } from '../contract/did-you-mean.js';
import { UsageError } from '../contract/errors.js';
import { escapeControls } from '../report/escape.js';
import { safeOutput } from '../report/mask.js';
import { EXIT, type CliIo, type Command } from './command.js';
import { helpWidth, wrapHelp } from './help-text.js';
import { parseFlags } from './parse-flags.js';
import { TOOL_NAME, TOOL_VERSION } from '../contract/version.js';

export function mainHelp(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `${TOOL_NAME} ${TOOL_VERSION}: gate ML and LLM evaluation runs and promote them.`,
    '',
    'Usage:',
    ...commands.map((c) => `  ${TOOL_NAME} ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${TOOL_NAME} <command> --help`,
    '',
    'Exit codes: 0 passed (warnings allowed), 1 a gate failed or a promotion was refused,',
    '            2 usage or configuration error (nothing was evaluated).',
    '',
  ].join('\n');
}

function commandHelp(command: Command): string {
  return `Usage: ${TOOL_NAME} ${command.usage}\n\n${command.summary}\n\n${command.help}\n`;
}

export async function runCli(argv: string[], given: CliIo, commands: Command[]): Promise<number> {
  // Everything printed is masked and can never start a workflow command on a runner (F24, F25).
  const io: CliIo = { ...given, stdout: (text) => given.stdout(safeOutput(text)), stderr: (text) => given.stderr(safeOutput(text)) };
  const [name, ...rest] = argv;
  const width = helpWidth(io.isTty, io.columns);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(wrapHelp(mainHelp(commands), width));
    return name === undefined ? EXIT.usage : EXIT.pass;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`${TOOL_VERSION}\n`);
    return EXIT.pass;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const names = commands.map((c) => c.name);
    const hint = name.startsWith('-') ? ` (a command comes first: ${TOOL_NAME} <command> ${name}; see ${TOOL_NAME} --help)` : didYouMean(name, names);
    io.stderr(`${TOOL_NAME}: error: unknown command "${name}"${hint}; commands: ${names.join(', ')}\n`);
    return EXIT.usage;
  }
  // Flags after `--` belong to a wrapped command (run create -- eval.py --help), not to us.
  const ownArgs = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (ownArgs.includes('--help') || ownArgs.includes('-h')) {
    io.stdout(wrapHelp(commandHelp(command), width));
    return EXIT.pass;
  }
  try {
    const { values, positionals } = parseFlags(command, rest);
    return await command.run(values, positionals, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${TOOL_NAME} ${command.name}: error: ${oneLine((error as Error).message)}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

/**
 * An error as the one line the user reads: node's parser spreads its advice over three lines
 * (`--run -rf`), and a value echoed from the command line may hold a newline or an escape.
 */
function oneLine(message: string): string {
  return escapeControls(message.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '').join(' '));
}
