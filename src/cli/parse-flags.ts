/**
 * Flag parsing with the tool's own wording. node:util parseArgs splits argv (non-strict,
 * with tokens); every rule is then checked here so a mistake reads like the rest of the
 * tool's errors, names the flag, and suggests the nearest known one:
 * `unknown flag --runn (did you mean --run?)`, never Node's "Unknown option '--runn'".
 */
import { parseArgs } from 'node:util';
import { didYouMean } from '../contract/did-you-mean.js';
import { UsageError } from '../contract/errors.js';
import type { Command, FlagValues } from './command.js';

export interface ParsedFlags {
  values: FlagValues;
  positionals: string[];
}

/** `--run` or `-r`, as a person would have typed it. */
function spelled(name: string, raw: string): string {
  return raw.startsWith('--') ? `--${name}` : raw;
}

/** The metavariable a command's usage line gives a flag (`--run ID` gives `ID`), or VALUE. */
function metavar(command: Command, name: string): string {
  const match = new RegExp(`--${name.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')}[ =]([A-Z][A-Z_|]*|[a-z]+\\|[a-z|]+)`).exec(command.usage);
  return match?.[1] ?? 'VALUE';
}

export function parseFlags(command: Command, args: string[]): ParsedFlags {
  const options = command.options;
  const { values, positionals, tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  const known = [...Object.keys(options).map((n) => `--${n}`), '--help'];
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind === 'option-terminator') break;
    if (token.kind === 'positional') {
      if (command.allowPositionals) continue;
      const hint = token.value.startsWith('-') ? '' : ` (${command.name} takes flags only: see ${command.name} --help)`;
      throw new UsageError(`unexpected argument "${token.value}"${hint}`);
    }
    const spec = options[token.name];
    if (spec === undefined) {
      const flag = token.rawName.startsWith('--') ? `--${token.name}` : token.rawName;
      throw new UsageError(`unknown flag ${flag}${didYouMean(flag, known, (n) => n)}`);
    }
    const flag = spelled(token.name, token.rawName);
    if (spec.type === 'boolean') {
      if (token.inlineValue) throw new UsageError(`${flag} takes no value (write ${flag} alone)`);
      continue;
    }
    if (token.value === undefined) {
      throw new UsageError(`${flag} needs a value: ${flag} ${metavar(command, token.name)}`);
    }
    // `--run --json out.json`: the "value" is the next flag, which is almost always a slip.
    if (!token.inlineValue && token.value.startsWith('-') && token.value !== '-') {
      throw new UsageError(`${flag} needs a value, but the next argument is the flag ${token.value} (write ${flag}=${token.value} if that is the value)`);
    }
    if (!spec.multiple && seen.has(token.name)) throw new UsageError(`${flag} is given twice`);
    seen.add(token.name);
  }
  return { values: values as FlagValues, positionals };
}
