/**
 * The shape every CLI command has: its flags (node:util parseArgs config), help text, and a
 * run function returning the exit code. Commands write through `CliIo` so tests can capture.
 */
import type { ParseArgsConfig } from 'node:util';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (colour only then, unless FORCE_COLOR says otherwise). */
  isTty: boolean;
  /** Whether stderr is a terminal (live progress only then). */
  stderrIsTty?: boolean;
  /** The terminal's width in columns, when stdout is one (help is wrapped to it). */
  columns?: number;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Lines describing each flag, shown by `<command> --help`. */
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  allowPositionals?: boolean;
  run(values: FlagValues, positionals: string[], io: CliIo): Promise<number>;
}

export const EXIT = { pass: 0, fail: 1, usage: 2 } as const;

/** Reads a string flag; parseArgs already guarantees the type for `type: 'string'` options. */
export function stringFlag(values: FlagValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}
