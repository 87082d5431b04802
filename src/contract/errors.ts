/**
 * Errors that end a command before anything was evaluated (exit code 2).
 *
 * Every message names what is at fault (an input, a flag, a file with line and column),
 * because the user reads exactly one line on stderr.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * A change that was understood but refused (exit code 1, like a failing gate): a destination
 * that exists and differs, a gate that failed, a branch holding commits we did not make, a
 * repository setting that forbids the write. Bad input stays a UsageError (exit code 2).
 */
export class Refused extends Error {
  override name = 'Refused';
}

/** Where in a file something went wrong; `line` and `column` are 1-based. */
export interface FileLocation {
  file: string;
  line?: number;
  column?: number;
}

export function formatLocation(where: FileLocation): string {
  if (where.line === undefined) return where.file;
  return where.column === undefined ? `${where.file}:${where.line}` : `${where.file}:${where.line}:${where.column}`;
}

/**
 * A run artifact is unreadable or invalid. The functional gate turns this into a failing
 * check (exit 1); a bad policy or config turns it into a configuration error (exit 2).
 */
export class ArtifactError extends Error {
  override name = 'ArtifactError';
  constructor(
    readonly where: FileLocation,
    readonly reason: string,
    readonly code: string = 'artifact.invalid',
  ) {
    super(`${formatLocation(where)}: ${reason}`);
  }
}
