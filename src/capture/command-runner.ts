/**
 * Runs the user's evaluation command: no shell (arguments are passed as they are, so
 * nothing in them is interpreted), output streamed to the terminal and copied to run.log.
 * Ctrl-C and SIGTERM are passed on to the command, so the run is still marked failed
 * instead of this process dying first.
 */
import { spawn } from 'node:child_process';
import { constants, createWriteStream } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';

/** Absolute path of the executable `name` would run, or undefined when there is none. */
export async function resolveExecutable(name: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const isRunnable = async (path: string): Promise<boolean> => {
    try {
      if (!(await stat(path)).isFile()) return false;
      await access(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (name.includes('/') || (process.platform === 'win32' && name.includes('\\'))) {
    const path = isAbsolute(name) ? name : resolve(cwd, name);
    return (await isRunnable(path)) ? path : undefined;
  }
  const extensions = process.platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const extension of extensions) {
      const path = resolve(cwd, join(dir, name + extension));
      if (await isRunnable(path)) return path;
    }
  }
  return undefined;
}

export interface CommandOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** A spawn failure (EACCES, ...), already phrased for the user. */
  error?: string;
}

export interface RunCommandOptions {
  executable: string;
  argv0: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  logPath: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export function runCommand(options: RunCommandOptions): Promise<CommandOutcome> {
  return new Promise((done) => {
    const log = createWriteStream(options.logPath, { flags: 'wx' });
    const child = spawn(options.executable, options.args, {
      argv0: options.argv0,
      cwd: options.cwd,
      env: options.env,
      stdio: ['inherit', 'pipe', 'pipe'],
      shell: false,
      windowsHide: true,
    });
    const running = (): boolean => child.exitCode === null && child.signalCode === null;
    // Ctrl-C in a terminal already reaches the command (same process group): pass SIGINT on
    // only if it is still running a moment later, so it is never interrupted twice.
    const handlers = {
      SIGINT: (): void => void setTimeout(() => running() && child.kill('SIGINT'), 250).unref(),
      SIGTERM: (): void => void (running() && child.kill('SIGTERM')),
    } as const;
    process.on('SIGINT', handlers.SIGINT);
    process.on('SIGTERM', handlers.SIGTERM);
    const tee = (stream: Readable, write: (text: string) => void): void => {
      const decoder = new StringDecoder('utf8');
      stream.on('data', (chunk: Buffer) => {
        write(decoder.write(chunk));
        // Respect the log file's pace: a chatty command must not fill memory.
        if (!log.write(chunk)) {
          stream.pause();
          log.once('drain', () => stream.resume());
        }
      });
      stream.on('end', () => write(decoder.end()));
    };
    tee(child.stdout, options.stdout);
    tee(child.stderr, options.stderr);
    let settled = false;
    const finish = (outcome: CommandOutcome): void => {
      if (settled) return;
      settled = true;
      process.off('SIGINT', handlers.SIGINT);
      process.off('SIGTERM', handlers.SIGTERM);
      log.end(() => done(outcome));
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish({ exitCode: null, signal: null, error: `cannot start ${options.argv0}: ${error.code ?? error.message}` });
    });
    child.on('close', (exitCode, signal) => finish({ exitCode, signal }));
  });
}
