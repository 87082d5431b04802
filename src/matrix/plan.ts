/**
 * The fan-out plan (DESIGN.md section 13): the runs a pull request changes, in chunks, as the
 * `matrix` a workflow feeds to `strategy.matrix` (`fromJSON`). Each entry names its runs (the
 * `run` input of the matrix job, comma-separated) and the report artifact it uploads (the
 * `report-artifact` input: matrix jobs share one job id, so the name must say which chunk).
 * `command: aggregate` reads the same plan back (input `matrix`) to know which reports to
 * expect, so a chunk whose job never reported is a failure, never a silent pass. Pure.
 */
import { z } from 'zod';
import { ID_PATTERN } from '../store/ids.js';

/** GitHub runs at most 256 jobs per matrix. */
export const MAX_MATRIX_JOBS = 256;
export const CHUNK_ARTIFACT_PREFIX = 'promotion-gate-report-chunk-';

export interface MatrixEntry {
  /** 1-based chunk number. */
  chunk: number;
  /** The chunk's run ids, comma-separated (the matrix job's `run` input). */
  runs: string;
  /** The report artifact this chunk's job uploads (its `report-artifact` input). */
  artifact: string;
}

export interface Matrix {
  include: MatrixEntry[];
}

export class MatrixTooLarge extends Error {
  override name = 'MatrixTooLarge';
}

export function planMatrix(runs: readonly string[], chunkSize: number): Matrix {
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunk size must be a whole number >= 1, got ${chunkSize}`);
  const sorted = [...new Set(runs)].sort();
  const chunks = Math.ceil(sorted.length / chunkSize);
  if (chunks > MAX_MATRIX_JOBS) {
    throw new MatrixTooLarge(`${sorted.length} runs in chunks of ${chunkSize} make ${chunks} matrix jobs, over GitHub's ${MAX_MATRIX_JOBS}: set chunk-size to at least ${Math.ceil(sorted.length / MAX_MATRIX_JOBS)}`);
  }
  const include: MatrixEntry[] = [];
  for (let i = 0; i < chunks; i++) {
    include.push({ chunk: i + 1, runs: sorted.slice(i * chunkSize, (i + 1) * chunkSize).join(','), artifact: `${CHUNK_ARTIFACT_PREFIX}${i + 1}` });
  }
  return { include };
}

const runId = z.string().regex(ID_PATTERN);
const matrixSchema = z.strictObject({
  include: z.array(z.looseObject({
    chunk: z.number().int().positive(),
    runs: z.string().refine((s) => s === '' || s.split(',').every((r) => runId.safeParse(r).success), 'must be run ids separated by commas'),
    artifact: z.string().regex(/^promotion-gate-report-[A-Za-z0-9._-]{1,100}$/),
  })).max(MAX_MATRIX_JOBS),
});

/** The plan's `matrix` output read back (input `matrix` of `command: aggregate`); throws naming what is wrong. */
export function parseMatrix(text: string): Matrix {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = matrixSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`not a plan matrix: ${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'}`);
  }
  const artifacts = new Set<string>();
  for (const entry of parsed.data.include) {
    if (artifacts.has(entry.artifact)) throw new Error(`not a plan matrix: artifact ${entry.artifact} is named twice`);
    artifacts.add(entry.artifact);
  }
  return { include: parsed.data.include.map((e) => ({ chunk: e.chunk, runs: e.runs, artifact: e.artifact })) };
}

export function chunkRuns(entry: MatrixEntry): string[] {
  return entry.runs === '' ? [] : entry.runs.split(',');
}
