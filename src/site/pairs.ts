/**
 * Which comparisons the site precomputes with `compare` (pure). Per-item analyses need both
 * predictions files, so they cannot be made in the browser; computing every pair would be
 * quadratic in the store. The site takes the pairs people ask about, in this order, and
 * stops at a cap (`--max-comparisons`, default 100; build.ts also stops when
 * `--compare-budget`, default 20 s, is spent), so the output and the build time stay bounded
 * whatever the store's size:
 *
 *   1. each promotion step of a pin's history (the baseline before → the one after),
 *   2. each rollout's champion → challenger,
 *   3. each experiment's control → treatment,
 *   4. each experimental run against the baseline it is gated against (its config.yaml
 *      `baseline:`, else the pin of its dataset), newest run first,
 *   5. consecutive baselines of a dataset without a pin.
 *
 * Every comparison file is itself bounded by `compare` (promotion-gate/comparison@1 keeps
 * per-item lists to --top items and histograms to 10 bins), so the site's size grows with
 * the number of entries and the cap, never with the number of items.
 */
import type { HistoryGroup } from './data.js';

export const DEFAULT_MAX_COMPARISONS = 100;

export interface PairCandidate {
  a: string;
  b: string;
  why: string;
}

export interface RunForPairs {
  key: string;
  id: string;
  status: string;
  created: string | null;
  dataset: string | null;
  task: string | null;
  experiment: string | null;
  arm: string | null;
  /** config.yaml `baseline:` (an id). */
  configBaseline: string | null;
}

export interface PairInput {
  histories: HistoryGroup[];
  rollouts: { id: string; champion: string; challenger: string }[];
  entries: RunForPairs[];
  pins: { baseline: string; dataset?: string | undefined; task?: string | undefined }[];
  /** Entry key of a baseline id (live first). */
  baselineKey: (id: string) => string | undefined;
}

export function choosePairs(input: PairInput, max: number): { pairs: PairCandidate[]; overCap: number } {
  const out: PairCandidate[] = [];
  const seen = new Set<string>();
  let overCap = 0;
  const add = (a: string | undefined | null, b: string | undefined | null, why: string): void => {
    if (!a || !b || a === b) return;
    const key = `${a}\n${b}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (out.length < max) out.push({ a, b, why });
    else overCap++;
  };
  const steps = (source: 'pin' | 'dataset', why: (g: HistoryGroup) => string): void => {
    for (const g of input.histories.filter((h) => h.source === source)) {
      for (let i = 1; i < g.points.length; i++) add(g.points[i - 1]?.key, g.points[i]?.key, why(g));
    }
  };
  steps('pin', (g) => `promotion step (${g.label})`);
  for (const r of input.rollouts) add(input.baselineKey(r.champion), input.baselineKey(r.challenger), `rollout ${r.id}: champion → challenger`);
  const experiments = new Map<string, RunForPairs[]>();
  for (const e of input.entries) if (e.experiment) experiments.set(e.experiment, [...(experiments.get(e.experiment) ?? []), e]);
  for (const [id, arms] of [...experiments.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    add(arms.find((e) => e.arm === 'control')?.key, arms.find((e) => e.arm === 'treatment')?.key, `experiment ${id}: control → treatment`);
  }
  const runs = input.entries.filter((e) => e.status === 'experimental').sort((x, y) => (Date.parse(y.created ?? '') || 0) - (Date.parse(x.created ?? '') || 0) || (x.key < y.key ? -1 : 1));
  for (const run of runs) {
    const pinned = input.pins.find((p) => (p.dataset === undefined || p.dataset === run.dataset) && (p.task === undefined || p.task === run.task));
    const baseline = run.configBaseline ?? pinned?.baseline;
    if (baseline) add(input.baselineKey(baseline), run.key, run.configBaseline ? 'run against its config.yaml baseline' : 'run against its pinned baseline');
  }
  steps('dataset', (g) => `consecutive baselines (${g.label})`);
  return { pairs: out, overCap };
}
