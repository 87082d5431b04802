/**
 * References are ground truth: the run's standing against each is shown, labelled
 * informational, and never changes the verdict. This module only builds the rows.
 */
import type { FlatMetrics } from '../../artifacts/metrics.js';
import type { MetricRow, ReferenceStanding } from '../../contract/report.js';
import type { ReferenceInfo } from '../../store/references.js';

/** Metrics a run carries about a reference live under `vs_reference.<id>.`. */
function metricsAgainst(flat: FlatMetrics | null, referenceId: string): Map<string, number> {
  const prefix = `vs_reference.${referenceId}.`;
  const found = new Map<string, number>();
  for (const [name, value] of flat?.values ?? []) {
    if (name.startsWith(prefix)) found.set(name.slice(prefix.length), value);
  }
  return found;
}

/** Standings computed by `promotion-gate score` (src/score/side-scores.ts), used when metrics.json has none. */
export type ScoredLookup = (referenceId: string) => { candidate: Map<string, number>; baseline: Map<string, number>; note: string } | undefined;

export function referenceStandings(
  references: ReferenceInfo[],
  candidate: FlatMetrics,
  baseline: FlatMetrics | null,
  scored?: ScoredLookup,
): ReferenceStanding[] {
  return references.map((reference) => {
    let c = metricsAgainst(candidate, reference.id);
    let b = metricsAgainst(baseline, reference.id);
    const fromScores = c.size === 0 && b.size === 0 ? scored?.(reference.id) : undefined;
    if (fromScores) ({ candidate: c, baseline: b } = fromScores);
    const names = [...new Set([...c.keys(), ...b.keys()])];
    const metrics = names.map((name) => {
      const cv = c.get(name) ?? null;
      const bv = b.get(name) ?? null;
      return { name, candidate: cv, baseline: bv, delta: cv !== null && bv !== null ? cv - bv : null };
    });
    return {
      id: reference.id,
      quality: reference.quality,
      informational: true as const,
      path: reference.path,
      ...(reference.archived ? { archived: true } : {}),
      ...(reference.task ? { task: reference.task } : {}),
      metrics,
      ...(fromScores && metrics.length > 0 ? { source: 'scores' as const } : {}),
      ...(fromScores ? { note: fromScores.note } : metrics.length === 0 ? { note: 'the run was not scored against this reference (no vs_reference metrics)' } : {}),
    };
  });
}

/** A reference of the run's dataset and task: both known on both sides and equal. */
export function referenceApplies(reference: ReferenceInfo, dataset?: string, task?: string): boolean {
  if (reference.archived) return false;
  if (!reference.dataset || !dataset || reference.dataset !== dataset) return false;
  return task === undefined || reference.task === task;
}

/**
 * A reference score that a policy rule gates (as a comparison with the baseline) says so in
 * the references section too, so the two sections never contradict each other.
 */
export function markGatedScores(standings: ReferenceStanding[], rows: MetricRow[]): ReferenceStanding[] {
  const gated = new Map(rows.filter((r) => r.status !== 'info' && r.rule !== 'none' && r.rule !== 'default').map((r) => [r.name, r.rule]));
  if (gated.size === 0) return standings;
  return standings.map((standing) => ({
    ...standing,
    ...(standing.metrics
      ? { metrics: standing.metrics.map((m) => {
          const rule = gated.get(`vs_reference.${standing.id}.${m.name}`);
          return rule ? { ...m, gated_by: rule } : m;
        }) }
      : {}),
  }));
}
