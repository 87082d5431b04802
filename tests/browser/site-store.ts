/**
 * The store the dashboard's browser test builds its site from: a copy of the real corpus,
 * plus generated entries that exercise what the corpus lacks, each made the way a user
 * would make it (the bundled CLI where a command exists):
 *
 * - a pin with four promotions (`promote --set-pin`, so `promoted` and `pin_changed` events
 *   are real), each baseline better than the last;
 * - experimental runs gated against the pin, one with a hostile model name, output and
 *   metric name (`<img src=x onerror=alert(1)>`), one whose metrics.json is broken;
 * - a folder whose name is the hostile string (it cannot be an id, so it is listed as
 *   unreadable), and a baseline README full of markup, an image and a javascript: link;
 * - a staged rollout advanced once by `rollout decide` + `rollout apply` on telemetry.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runBundledCli } from '../support/cli.js';
import { GOOD, rolloutYaml, unitRows } from '../support/rollout.js';
import { copyDir, CORPUS, writeFiles, writeRun } from '../support/temp-store.js';

export const HOSTILE = '<img src=x onerror=alert(1)>';
export const PIN_DATASET = 'ds_site';
export const PROMOTIONS = ['site_base_v1', 'site_base_v2', 'site_base_v3', 'site_base_v4'];
/** Who promotes (git's user.name for `promote`, given through git's environment config, so the screenshots do not show this machine's user). */
export const PROMOTER = 'Priya Raman';
/** The promoted baseline whose files were changed after promotion (its manifest says so). */
export const TAMPERED = 'site_base_v1';
const SHA = '0123456789abcdef0123456789abcdef01234567';

function items(n: number, quality: number, output: (i: number) => string): { id: string; [k: string]: unknown }[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `item_${String(i).padStart(3, '0')}`,
    dataset_id: PIN_DATASET,
    topic: i % 3 === 0 ? 'billing' : 'shipping',
    output: output(i),
    scores: { exact_match: (i * 7919) % 100 < quality * 100 ? 1 : 0, f1: Math.min(1, Math.round((quality + ((i % 10) - 5) / 50) * 1000) / 1000) },
  }));
}

function runSpec(quality: number, model = 'gpt-4o-mini', output: (i: number) => string = (i) => `answer ${i} at quality ${quality}`) {
  const predictions = items(40, quality, output);
  const mean = (key: 'exact_match' | 'f1'): number => predictions.reduce((s, p) => s + ((p['scores'] as Record<string, number>)[key] ?? 0), 0) / predictions.length;
  return {
    metrics: { dataset_id: PIN_DATASET, task: 'qa', exact_match: mean('exact_match'), f1: mean('f1'), avg_latency_ms: 900 - quality * 100, total_cost_usd: 0.42 },
    predictions,
    fingerprint: { git: { commit: SHA, dirty: false }, dataset: { id: PIN_DATASET }, model: { name: model } },
  };
}

async function cli(args: string[], cwd: string): Promise<void> {
  const result = await runBundledCli(args, { cwd, env: { GITHUB_ACTOR: 'octocat', GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'user.name', GIT_CONFIG_VALUE_0: PROMOTER } });
  expect(result.code, `${args.join(' ')}\n${result.stderr}`).toBe(0);
}

/** Builds the store at `<root>/store` and returns its path. */
export async function buildSiteStore(root: string): Promise<string> {
  const store = join(root, 'store');
  copyDir(CORPUS, store);
  writeFiles(store, { 'policy.yml': 'version: 1\ncompliance:\n  require_commit: false\n' });
  // Four promotions of one pin, each better than the last.
  for (const [i, id] of PROMOTIONS.entries()) {
    writeRun(store, `runs/candidate_v${i + 1}`, runSpec(0.55 + i * 0.08));
    await cli(['promote', '--store', 'store', '--run', `candidate_v${i + 1}`, '--as', 'baseline', '--id', id, '--reason', `release ${i + 1}: better prompts${i === 1 ? ` ${HOSTILE}` : ''}`, '--set-pin'], root);
  }
  // A promoted baseline whose predictions were edited afterwards: its manifest no longer matches.
  writeFileSync(join(store, 'baselines', TAMPERED, 'predictions.jsonl'), `${readFileSync(join(store, 'baselines', TAMPERED, 'predictions.jsonl'), 'utf8')}\n`);
  // Runs against the pin: one hostile everywhere a string can be, one unreadable.
  writeRun(store, 'runs/run_hostile', {
    ...runSpec(0.7, HOSTILE, (i) => `${HOSTILE} output ${i} <script>alert(2)</script>`),
    metrics: { dataset_id: PIN_DATASET, task: 'qa', exact_match: 0.7, f1: 0.71, [HOSTILE]: 1 },
    extra: { 'README.md': `# ${HOSTILE}\n\n<script>alert(3)</script>\n\n![tracker](http://example.invalid/pixel.png)\n\n[click](javascript:alert(4))\n` },
  });
  writeRun(store, 'runs/run_broken', { metrics: '{ "exact_match": 0.5,', predictions: [{ id: 'a', dataset_id: PIN_DATASET, scores: { exact_match: 1 } }] });
  mkdirSync(join(store, 'runs', HOSTILE), { recursive: true });
  writeFileSync(join(store, 'runs', HOSTILE, 'metrics.json'), '{"exact_match": 1}');
  // A staged rollout between the last two promotions, advanced once by decide + apply.
  writeFiles(store, { 'rollouts/planner.yml': rolloutYaml({ stage: 0, since: '2026-11-20T00:00:00Z' }).replace(/baseline_planner_v3/g, 'site_base_v3').replace(/baseline_planner_v4/g, 'site_base_v4') });
  writeFileSync(join(root, 'telemetry.jsonl'), unitRows({ since: '2026-11-20T00:00:00Z', until: '2026-11-24T00:00:00Z', perDay: 40_000, allocation: 0.1, champion: GOOD, challenger: GOOD }));
  await cli(['rollout', 'decide', '--store', 'store', '--rollout', 'planner', '--telemetry', 'telemetry.jsonl', '--now', '2026-11-24T00:00:00Z', '--json', 'decision.json'], root);
  expect(JSON.parse(readFileSync(join(root, 'decision.json'), 'utf8'))).toMatchObject({ decision: 'increase' });
  await cli(['rollout', 'apply', '--store', 'store', '--rollout', 'planner', '--decision', 'decision.json'], root);
  return store;
}

/** Every corpus entry with the status its folder gives it, read from the corpus independently of the code under test. */
export function corpusEntries(readdir: (path: string) => { name: string; dir: boolean }[]): Map<string, string> {
  const out = new Map<string, string>();
  const dirs = (rel: string): string[] => readdir(join(CORPUS, rel)).filter((e) => e.dir && !e.name.startsWith('_')).map((e) => e.name);
  for (const name of dirs('baselines')) out.set(`baselines/${name}`, 'baseline');
  for (const name of dirs('baselines/_archived')) out.set(`baselines/_archived/${name}`, 'archived');
  for (const name of dirs('references/silver')) out.set(`references/silver/${name}`, 'reference');
  for (const name of dirs('references/silver/_archive')) out.set(`references/silver/_archive/${name}`, 'archived');
  for (const task of dirs('references/gold')) {
    for (const name of dirs(`references/gold/${task}`)) out.set(`references/gold/${task}/${name}`, 'reference');
  }
  return out;
}
