/**
 * The scores files of the gated sides (`scores/<REF>.json` in the candidate run and in the
 * baseline), read for the references section: when a run's metrics.json has no
 * `vs_reference.<REF>`, its standing against REF comes from here. References are informational,
 * so an unreadable scores file never fails anything: it becomes a note on that reference.
 */
import type { StoreLocation } from '../store/location.js';
import { isValidId } from '../store/ids.js';
import { isDirectoryInStore, listDirInStore, readJsonInStore } from '../store/read.js';
import { SCORES_DIR, scoresMetrics } from './scores-file.js';

const MAX_SCORES_BYTES = 256 * 1024 * 1024;

export interface SideScores {
  metrics: Map<string, Map<string, number>>;
  problems: Map<string, string>;
}

export interface ScoredStanding {
  candidate: Map<string, number>;
  baseline: Map<string, number>;
  note: string;
}

export interface ScoredSides {
  /** Whether either side has a scores file for the reference. */
  has(referenceId: string): boolean;
  /** The two sides' scores against the reference, for the references section. */
  lookup(referenceId: string): ScoredStanding | undefined;
}

async function readSide(store: StoreLocation, relDir: string): Promise<SideScores> {
  const side: SideScores = { metrics: new Map(), problems: new Map() };
  const folder = `${relDir}/${SCORES_DIR}`;
  const root = { path: store.root, display: store.display };
  try {
    if (!(await isDirectoryInStore(root, folder))) return side;
    for (const entry of await listDirInStore(root, folder)) {
      if (!entry.name.endsWith('.json')) continue;
      const id = entry.name.slice(0, -'.json'.length);
      if (!isValidId(id)) continue;
      try {
        if (entry.kind !== 'file') throw new Error(`is a ${entry.kind}, not a file`);
        side.metrics.set(id, scoresMetrics(await readJsonInStore(root, `${folder}/${entry.name}`, MAX_SCORES_BYTES), id));
      } catch (error) {
        side.problems.set(id, `${store.display}/${folder}/${entry.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } catch {
    // An unsafe or unreadable scores folder is treated as absent: the functional and compliance gates report the run's files.
  }
  return side;
}

export async function readScoredSides(candidate: { store: StoreLocation; relDir: string }, baseline: { store: StoreLocation; relDir: string } | null): Promise<ScoredSides> {
  const mine = await readSide(candidate.store, candidate.relDir);
  const theirs = baseline ? await readSide(baseline.store, baseline.relDir) : { metrics: new Map(), problems: new Map() };
  return {
    has: (id) => mine.metrics.has(id) || theirs.metrics.has(id) || mine.problems.has(id),
    lookup(id) {
      const problems = [mine.problems.get(id), theirs.problems.get(id)].filter((p): p is string => p !== undefined);
      const c = mine.metrics.get(id);
      const b = theirs.metrics.get(id);
      if (!c && !b && problems.length === 0) return undefined;
      const note = [
        ...(c || b ? [`computed by \`promotion-gate score\` (${SCORES_DIR}/${id}.json)`] : []),
        ...problems.map((p) => `unreadable scores file ${p}`),
      ].join('; ');
      return { candidate: c ?? new Map(), baseline: b ?? new Map(), note };
    },
  };
}
