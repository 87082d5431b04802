/**
 * Telemetry readers (DESIGN.md section 11): unit rows (`arm`, `at`, metric values, optional
 * `id`) or daily aggregates (`arm`, `day`, `n`, `<metric>.sum`, `.sum_sq`, `.count`), as JSONL
 * or CSV, streamed into constant-memory accumulators (accumulate.ts).
 *
 * The store's strict-input rules apply (RELIABILITY T1): numbers finite, counts non-negative
 * integers, arms known, times inside the stage window, duplicate ids or days refused. The
 * first problem stops the read with a TelemetryError naming file, line and field; the
 * decision then holds and shows that line. A file is never half-used.
 */
import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse';
import { ArtifactError } from '../contract/errors.js';
import { forEachJsonl, describeKind, isErrno, type JsonObject } from '../parse/jsonl.js';
import { quoteForMessage } from '../parse/json.js';
import { TelemetryError } from './telemetry-error.js';
import { parseTelemetrySomewhere } from './telemetry-transport.js';
import { emptyArm, type Arm, type ArmData, type TelemetrySpec, type TelemetrySummary } from './accumulate.js';

export { TelemetryError } from './telemetry-error.js';

const GiB = 1024 ** 3;
/** Telemetry is large by nature: 10^7 rows is an ordinary week. */
export const TELEMETRY_LIMITS = { maxFileBytes: 64 * GiB, maxLineBytes: 1024 * 1024, maxLines: 2_000_000_000 };

const DAY_MS = 86_400_000;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const CSV_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export interface ReadTelemetryOptions {
  /** JSONL chunk size (tests make it tiny). */
  chunkBytes?: number;
}

/**
 * Reads the file, hashing its bytes on the way (the hash identifies a look, RELIABILITY T3).
 * The rows are parsed in the bundled telemetry worker when there is one (telemetry-transport.ts),
 * so the hash on this thread and the parse run on two cores, and the parse's garbage stays
 * inside the worker's capped heap; else here.
 */
export async function readTelemetry(path: string, display: string, spec: TelemetrySpec, options: ReadTelemetryOptions = {}): Promise<{ summary: TelemetrySummary; sha256: string }> {
  const [sha256, summary] = await Promise.all([
    hashTelemetry(path, display),
    parseTelemetry(path, display, spec, options),
  ]);
  return { summary, sha256 };
}

/** Parses and accumulates the rows, in the telemetry worker when there is one, without hashing. */
export function parseTelemetry(path: string, display: string, spec: TelemetrySpec, options: ReadTelemetryOptions = {}): Promise<TelemetrySummary> {
  return parseTelemetrySomewhere(path, display, spec, options, () => parseTelemetryHere(path, display, spec, options));
}

/** Parses and accumulates the rows on this thread (the worker's body, and the fallback). */
export async function parseTelemetryHere(path: string, display: string, spec: TelemetrySpec, options: ReadTelemetryOptions = {}): Promise<TelemetrySummary> {
  const format = /\.csv$/i.test(path) ? 'csv' : 'jsonl';
  const sink = new TelemetrySink(display, spec, format, await estimateRows(path));
  await (format === 'csv' ? readCsv(path, display, sink) : readJsonl(path, display, sink, options));
  return sink.finish();
}

/**
 * About how many rows the file holds, from its size and the length of its first lines, so the
 * id table is allocated once at its final size (growing it would hold two tables at once).
 */
async function estimateRows(path: string): Promise<number> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch(() => undefined);
  if (!handle) return 0;
  try {
    const stats = await handle.stat();
    if (!stats.isFile() || stats.size === 0) return 0;
    const sample = Buffer.alloc(Math.min(stats.size, 64 * 1024));
    const { bytesRead } = await handle.read(sample, 0, sample.length, 0);
    let lines = 0;
    for (let i = 0; i < bytesRead; i++) if (sample[i] === 0x0a) lines++;
    return Math.ceil((stats.size / Math.max(1, bytesRead)) * Math.max(1, lines) * 1.05);
  } finally {
    await handle.close();
  }
}

/** sha256 of the telemetry file's bytes, read through one reused buffer (no garbage to collect). */
export async function hashTelemetry(path: string, display: string): Promise<string> {
  const handle = await openRegular(path, display);
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  try {
    for (let position = 0; ; ) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

async function openRegular(path: string, display: string) {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) throw new TelemetryError({ file: display }, 'file not found');
    throw error;
  }
  const stats = await handle.stat();
  if (!stats.isFile()) {
    await handle.close();
    throw new TelemetryError({ file: display }, `is ${describeKind(stats)}, not a regular file (refused, not read)`);
  }
  return handle;
}

async function readJsonl(path: string, display: string, sink: TelemetrySink, options: ReadTelemetryOptions): Promise<void> {
  try {
    await forEachJsonl(path, display, TELEMETRY_LIMITS, (value, line) => sink.row(value, line), options.chunkBytes ? { chunkBytes: options.chunkBytes } : {});
  } catch (error) {
    if (error instanceof ArtifactError) throw new TelemetryError(error.where, error.reason);
    throw error;
  }
}

async function readCsv(path: string, display: string, sink: TelemetrySink): Promise<void> {
  const handle = await openRegular(path, display);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parser = parseCsv({ bom: true, info: true, skip_empty_lines: true, relax_column_count: false, relax_quotes: false, max_record_size: TELEMETRY_LIMITS.maxLineBytes });
  let header: string[] | undefined;
  const done = new Promise<void>((resolve, reject) => {
    parser.on('readable', () => {
      try {
        for (let item = parser.read() as { record: string[]; info: { lines: number } } | null; item !== null; item = parser.read() as typeof item) {
          if (header === undefined) {
            header = item.record.map((h) => h.trim());
            const duplicate = header.find((h, i) => header!.indexOf(h) !== i);
            if (duplicate !== undefined) throw new TelemetryError({ file: display, line: item.info.lines }, `column ${quoteForMessage(duplicate)} appears twice in the header`);
            continue;
          }
          const row: JsonObject = {};
          header.forEach((name, i) => {
            const cell = item!.record[i] ?? '';
            if (cell !== '') row[name] = cell;
          });
          sink.row(row, item.info.lines, true);
        }
      } catch (error) {
        parser.destroy(error as Error);
      }
    });
    parser.on('error', reject);
    parser.on('end', resolve);
  });
  try {
    for await (const chunk of createReadStream('', { fd: handle, highWaterMark: 1024 * 1024, autoClose: false })) {
      let text: string;
      try {
        text = decoder.decode(chunk as Buffer, { stream: true });
      } catch {
        throw new TelemetryError({ file: display }, 'invalid UTF-8');
      }
      if (!parser.write(text)) await new Promise<void>((resolve, reject) => {
        parser.once('drain', resolve);
        parser.once('error', reject);
      });
    }
    parser.end();
    await done;
  } catch (error) {
    if (error instanceof TelemetryError) throw error;
    const csv = error as { code?: string; lines?: number };
    if (typeof csv.code === 'string' && csv.code.startsWith('CSV_')) {
      // csv-parse's messages quote the input; only its code and line are reported.
      throw new TelemetryError({ file: display, ...(csv.lines ? { line: csv.lines } : {}) }, `invalid CSV (${csv.code})`);
    }
    throw error;
  } finally {
    await handle.close();
  }
  if (header === undefined) throw new TelemetryError({ file: display }, 'no header row: the first line names the columns (arm, at or day, metrics)');
}

/** Validates rows (either shape) and feeds the accumulators. */
class TelemetrySink {
  private shape: 'units' | 'daily' | undefined;
  private rows = 0;
  private readonly arms: Record<Arm, ArmData>;
  private first = Infinity;
  private last = -Infinity;
  private ids: IdSet | undefined;
  private sawNoId = false;
  private readonly present = new Set<string>();
  private readonly immature = new Map<string, number>();
  private readonly days = new Set<string>();
  private readonly sinceDay: string;
  private readonly nowDay: string;
  /** The last `at` string and its time: rows come in time order, many in the same second. */
  private lastAt = '';
  private lastTime = NaN;

  constructor(
    private readonly display: string,
    private readonly spec: TelemetrySpec,
    private readonly format: 'jsonl' | 'csv',
    private readonly expectedRows = 0,
  ) {
    this.arms = { champion: emptyArm(spec), challenger: emptyArm(spec) };
    this.sinceDay = new Date(spec.since).toISOString().slice(0, 10);
    this.nowDay = new Date(spec.now).toISOString().slice(0, 10);
  }

  private fail(line: number, field: string | undefined, reason: string): never {
    throw new TelemetryError({ file: this.display, line }, `${field === undefined ? '' : `${field}: `}${reason}`);
  }

  row(row: JsonObject, line: number, fromCsv = false): void {
    this.rows++;
    const shape = 'day' in row ? 'daily' : 'at' in row ? 'units' : this.fail(line, undefined, 'a row needs `at` (unit rows) or `day` and `n` (daily aggregates)');
    if (this.shape === undefined) this.shape = shape;
    else if (shape !== this.shape) this.fail(line, undefined, `a ${shape === 'daily' ? 'daily aggregate' : 'unit row'} among ${this.shape === 'daily' ? 'daily aggregates' : 'unit rows'}: one file holds one shape`);
    const armValue = row['arm'];
    if (armValue !== 'champion' && armValue !== 'challenger') {
      this.fail(line, 'arm', armValue === undefined ? 'missing (champion or challenger)' : `unknown arm ${typeof armValue === 'string' ? quoteForMessage(armValue) : String(armValue)} (champion or challenger)`);
    }
    const arm = this.arms[armValue];
    if (shape === 'units') this.unitRow(row, line, arm, fromCsv);
    else this.dailyRow(row, line, armValue, arm, fromCsv);
  }

  private number(row: JsonObject, field: string, line: number, fromCsv: boolean): number | undefined {
    const raw = row[field];
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw === 'number') {
      if (!Number.isFinite(raw)) this.fail(line, field, 'non-finite number');
      return raw;
    }
    if (typeof raw === 'boolean') return raw ? 1 : 0;
    if (typeof raw === 'string' && fromCsv) {
      const text = raw.trim();
      if (text === 'true' || text === 'false') return text === 'true' ? 1 : 0;
      if (!CSV_NUMBER.test(text)) this.fail(line, field, `${quoteForMessage(text, 24)} is not a finite number`);
      const value = Number(text);
      if (!Number.isFinite(value)) this.fail(line, field, 'non-finite number');
      return value;
    }
    return this.fail(line, field, `expected a number, found ${Array.isArray(raw) ? 'an array' : typeof raw}`);
  }

  private count(row: JsonObject, field: string, line: number, fromCsv: boolean): number | undefined {
    const value = this.number(row, field, line, fromCsv);
    if (value === undefined) return undefined;
    if (value < 0) this.fail(line, field, `negative count ${value}`);
    if (!Number.isInteger(value)) this.fail(line, field, `count ${value} is not a whole number`);
    return value;
  }

  private unitRow(row: JsonObject, line: number, arm: ArmData, fromCsv: boolean): void {
    const at = row['at'];
    let time: number;
    if (at === this.lastAt) time = this.lastTime;
    else {
      if (typeof at !== 'string' || !ISO_TIME.test(at)) this.fail(line, 'at', 'must be an ISO 8601 time with a zone, such as 2026-11-21T10:00:00Z');
      time = Date.parse(at);
      if (Number.isNaN(time)) this.fail(line, 'at', `${quoteForMessage(at)} is not a real time`);
      this.lastAt = at;
      this.lastTime = time;
    }
    if (time < this.spec.since) this.fail(line, 'at', `${at} is before the stage started (${new Date(this.spec.since).toISOString()}); each stage is analysed on its own data, so export rows from state.since on`);
    if (time > this.spec.now) this.fail(line, 'at', `${at} is after the decision time (${new Date(this.spec.now).toISOString()})`);
    const id = row['id'];
    if (id === undefined || id === null) this.sawNoId = true;
    else {
      if (typeof id !== 'string' && typeof id !== 'number') this.fail(line, 'id', 'must be a string or a number');
      this.ids ??= new IdSet(this.expectedRows);
      if (this.ids.add(String(id))) this.fail(line, 'id', `duplicate unit ${quoteForMessage(String(id))} (seen on an earlier line)`);
    }
    if (time < this.first) this.first = time;
    if (time > this.last) this.last = time;
    arm.units++;
    for (const name of this.spec.means) {
      const value = this.number(row, name, line, fromCsv);
      if (value === undefined) continue;
      this.present.add(name);
      if (!this.matured(name, time)) continue;
      const sums = arm.means.get(name)!;
      sums.n++;
      sums.sum += value;
      sums.sumSq += value * value;
    }
    for (const name of this.spec.distributions) {
      const value = this.number(row, name, line, fromCsv);
      if (value === undefined) continue;
      if (value < 0) this.fail(line, name, `negative value ${value} (percentiles are taken of non-negative values such as latencies)`);
      this.present.add(name);
      if (this.matured(name, time)) arm.distributions.get(name)!.add(value);
    }
  }

  private matured(name: string, time: number): boolean {
    const delay = this.spec.delayMs.get(name) ?? 0;
    if (delay === 0 || time + delay <= this.spec.now) return true;
    this.immature.set(name, (this.immature.get(name) ?? 0) + 1);
    return false;
  }

  private dailyRow(row: JsonObject, line: number, armName: Arm, arm: ArmData, fromCsv: boolean): void {
    const day = row['day'];
    const match = typeof day === 'string' ? ISO_DAY.exec(day) : null;
    const start = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
    if (typeof day !== 'string' || Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== day) this.fail(line, 'day', 'must be a date such as 2026-11-21');
    if (day < this.sinceDay) this.fail(line, 'day', `${day} is before the stage started (${this.sinceDay}); each stage is analysed on its own data`);
    if (day > this.nowDay) this.fail(line, 'day', `${day} is after the decision time (${this.nowDay})`);
    const key = `${armName}\u0000${day}`;
    if (this.days.has(key)) this.fail(line, 'day', `a second row for ${armName} on ${day} (duplicate)`);
    this.days.add(key);
    const n = this.count(row, 'n', line, fromCsv);
    if (n === undefined) this.fail(line, 'n', 'missing: daily aggregates need the number of units');
    if (start < this.first) this.first = start;
    if (start > this.last) this.last = start;
    arm.units += n;
    for (const name of this.spec.distributions) {
      if (row[name] !== undefined || row[`${name}.count`] !== undefined) this.present.add(name);
    }
    for (const name of this.spec.means) {
      const count = this.count(row, `${name}.count`, line, fromCsv);
      const sum = this.number(row, `${name}.sum`, line, fromCsv);
      const sumSq = this.number(row, `${name}.sum_sq`, line, fromCsv);
      const given = [count, sum, sumSq].filter((v) => v !== undefined).length;
      if (given === 0) continue;
      if (given < 3) this.fail(line, name, `give ${name}.sum, ${name}.sum_sq and ${name}.count together`);
      if (count! > n) this.fail(line, `${name}.count`, `${count} is more than the day's n (${n})`);
      if (sumSq! < 0) this.fail(line, `${name}.sum_sq`, `negative sum of squares ${sumSq}`);
      if (count! === 0 && (sum !== 0 || sumSq !== 0)) this.fail(line, `${name}.sum`, 'non-zero sums with a count of 0');
      if (sum! * sum! > count! * sumSq! * (1 + 1e-9) + 1e-9) this.fail(line, `${name}.sum_sq`, `impossible: sum² / count (${(sum! * sum!) / count!}) exceeds sum_sq (${sumSq})`);
      this.present.add(name);
      // A day counts for a delayed metric once the whole day has matured.
      if (!this.matured(name, start + DAY_MS)) continue;
      const sums = arm.means.get(name)!;
      sums.n += count!;
      sums.sum += sum!;
      sums.sumSq += sumSq!;
    }
  }

  finish(): TelemetrySummary {
    if (this.shape === undefined) throw new TelemetryError({ file: this.display }, 'no rows: the telemetry file is empty');
    const finite = (t: number): string | undefined => (Number.isFinite(t) ? new Date(t).toISOString() : undefined);
    const firstAt = finite(this.first);
    const lastAt = finite(this.last);
    return {
      shape: this.shape,
      format: this.format,
      rows: this.rows,
      arms: this.arms,
      ...(firstAt ? { firstAt } : {}),
      ...(lastAt ? { lastAt } : {}),
      ids: this.ids !== undefined && !this.sawNoId,
      present: this.present,
      immature: this.immature,
    };
  }
}

/**
 * Unit ids seen so far, kept as 64-bit hashes in an open-addressing table: 8 bytes a slot, so
 * 10^7 units take 128 MiB instead of gigabytes of strings. A repeated hash is reported as a
 * duplicate; two different ids share a 64-bit hash with probability about n²/2^65 (below
 * 3·10^-6 at 10^7 units), and such a report still names the id, so it can be checked.
 */
class IdSet {
  private table: Int32Array;
  private size = 0;

  constructor(expected: number) {
    let slots = 1024;
    while (slots * 0.8 < expected && slots < 2 ** 28) slots *= 2;
    this.table = new Int32Array(2 * slots);
  }

  /** True when the id was seen before. */
  add(id: string): boolean {
    if (this.size * 10 >= (this.table.length / 2) * 8) this.grow();
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193 ^ id.length;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    if (h1 === 0 && h2 === 0) h1 = 1; // (0, 0) marks an empty slot
    return this.insert(h1 | 0, h2 | 0);
  }

  private insert(h1: number, h2: number): boolean {
    const mask = this.table.length / 2 - 1;
    for (let slot = (h1 ^ Math.imul(h2, 0x9e3779b1)) & mask; ; slot = (slot + 1) & mask) {
      const a = this.table[2 * slot]!;
      const b = this.table[2 * slot + 1]!;
      if (a === 0 && b === 0) {
        this.table[2 * slot] = h1;
        this.table[2 * slot + 1] = h2;
        this.size++;
        return false;
      }
      if (a === h1 && b === h2) return true;
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2);
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] !== 0 || old[i + 1] !== 0) this.insert(old[i]!, old[i + 1]!);
    }
  }
}
