/**
 * Small generated stores for the dashboard's tests: a pin moved v1 → v2 → v3 by
 * `pin_changed` events, and a policy rule naming a drift anchor (DESIGN.md section 12).
 */
import { join } from 'node:path';
import { eventFile } from '../../src/store/events.js';
import { tempDir, writeFiles, writeRun } from './temp-store.js';

/** A small store: a pin moved v1 → v2 → v3 by pin_changed events, and a policy rule with a drift anchor. */
export function driftStore(anchor: string): string {
  const root = tempDir('pg-site-cli-');
  const policy = `version: 1\npins:\n  - baseline: b_v3\n    dataset: ds1\ncompliance:\n  require_commit: false\nrules:\n  - metric: exact_match\n    drift: { anchor: ${anchor}, max_worse_pct: 5 }\n`;
  writeFiles(join(root, 'store'), { 'policy.yml': policy });
  const events: Record<string, string> = {};
  ['b_v1', 'b_v2', 'b_v3'].forEach((id, i) => {
    writeRun(join(root, 'store'), `baselines/${id}`, { metrics: { dataset_id: 'ds1', exact_match: 0.6 + i / 20 } });
    const e = eventFile({ type: 'pin_changed', at: `2026-0${i + 1}-01T00:00:00Z`, actor: 'octocat', subject: id, from: i === 0 ? null : `b_v${i}`, to: id, pin: { dataset: 'ds1' }, reason: `release ${i + 1}` });
    events[e.path] = e.content;
  });
  writeFiles(join(root, 'store'), events);
  return root;
}

