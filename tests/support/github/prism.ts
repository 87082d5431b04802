// Runs Prism (`prism proxy --errors`) in front of the fake, validating every request and
// response against GitHub's OpenAPI description from @octokit/openapi.
//
// Loading the whole description takes Prism ~6 s here; a description trimmed to the operations
// the fake serves loads in ~1 s. Trimming keeps those operations and every component they
// reference unchanged, so validation is identical for them; anything else is "no path matched",
// which the front records as a violation. The trimmed file is cached in the OS temp folder,
// keyed by the description's hash and the operation list.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const TRIM_VERSION = '1';

export function githubSpecPath(): string {
  return require.resolve('@octokit/openapi/generated/api.github.com.json');
}

function prismEntry(): string {
  return join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
}

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keeps `operations` (path -> lowercase methods) and the components they reach through $ref. */
export function trimSpec(spec: JsonObject, operations: Map<string, Set<string>>): JsonObject {
  const allPaths = spec['paths'];
  const components = spec['components'];
  if (!isObject(allPaths) || !isObject(components)) throw new Error('not an OpenAPI description');
  const paths: JsonObject = {};
  for (const [path, methods] of operations) {
    const item = allPaths[path];
    if (!isObject(item)) throw new Error(`the fake serves ${path}, which GitHub's description does not have`);
    const kept: JsonObject = {};
    if (item['parameters'] !== undefined) kept['parameters'] = item['parameters'];
    for (const method of methods) {
      if (item[method] === undefined) throw new Error(`the fake serves ${method.toUpperCase()} ${path}, which GitHub's description does not have`);
      kept[method] = item[method];
    }
    paths[path] = kept;
  }

  const needed = new Map<string, Set<string>>();
  const stack: unknown[] = [paths];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...(node as unknown[]));
      continue;
    }
    if (!isObject(node)) continue;
    const ref = node['$ref'];
    if (typeof ref === 'string' && ref.startsWith('#/components/')) {
      const [section = '', name = ''] = ref.slice('#/components/'.length).split('/');
      const names = needed.get(section) ?? new Set<string>();
      if (!names.has(name)) {
        names.add(name);
        needed.set(section, names);
        const target = components[section];
        stack.push(isObject(target) ? target[name] : undefined);
      }
    }
    for (const value of Object.values(node)) if (typeof value === 'object') stack.push(value);
  }
  const trimmed: JsonObject = {};
  for (const [section, names] of needed) {
    const source = components[section];
    if (!isObject(source)) continue;
    trimmed[section] = Object.fromEntries([...names].sort().map((name) => [name, source[name]]));
  }
  const { paths: _p, components: _c, webhooks: _w, 'x-webhooks': _xw, ...rest } = spec;
  return { ...rest, paths, components: trimmed };
}

/** Path of the trimmed description for these operations, written once and then reused. */
export async function trimmedSpecPath(operations: Map<string, Set<string>>): Promise<string> {
  const source = await readFile(githubSpecPath());
  const opsKey = JSON.stringify([...operations].map(([p, m]) => [p, [...m].sort()]).sort());
  const key = createHash('sha256').update(source).update(opsKey).update(TRIM_VERSION).digest('hex').slice(0, 20);
  const dir = join(tmpdir(), 'promotion-gate-prism');
  const file = join(dir, `github-${key}.json`);
  try {
    if ((await stat(file)).size > 0) return file;
  } catch {
    // Not cached yet.
  }
  const spec = JSON.parse(source.toString('utf8')) as unknown;
  if (!isObject(spec)) throw new Error('GitHub OpenAPI description is not an object');
  await mkdir(dir, { recursive: true });
  // Write then rename, so a concurrent run never reads half a file.
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, JSON.stringify(trimSpec(spec, operations)));
  await rename(partial, file);
  return file;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface PrismHandle {
  url: string;
  specPath: string;
  /** Milliseconds from spawn to accepting connections. */
  startupMs: number;
  logTail(): string;
  stop(): Promise<void>;
}

export async function startPrism(options: { upstreamUrl: string; specPath: string; timeoutMs?: number }): Promise<PrismHandle> {
  const port = await freePort();
  const started = Date.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [prismEntry(), 'proxy', '--errors', options.specPath, options.upstreamUrl, '--port', String(port), '--host', '127.0.0.1'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
  );
  // Prism logs every request; keep the tail for error messages (and drain the pipes so it never blocks).
  const lines: string[] = [];
  const keep = (chunk: Buffer): void => {
    lines.push(...chunk.toString('utf8').split('\n').filter((l) => l.trim() !== ''));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const logTail = (): string => lines.slice(-40).join('\n');
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code) => {
      exited = code;
      resolve();
    });
  });
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (exited !== undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exit;
    clearTimeout(timer);
  };

  const deadline = started + (options.timeoutMs ?? 60_000);
  while (!(await canConnect(port))) {
    if (exited !== undefined) throw new Error(`Prism exited (code ${String(exited)}) before listening:\n${logTail()}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Prism did not listen within ${options.timeoutMs ?? 60_000} ms:\n${logTail()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url: `http://127.0.0.1:${port}`, specPath: options.specPath, startupMs: Date.now() - started, logTail, stop };
}
