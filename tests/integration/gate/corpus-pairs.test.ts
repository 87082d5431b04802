/**
 * The 52 real pairs of the corpus (issue 10, acceptance): within each dataset and task of
 * ../shared/corpus/podcast_scraper, every baseline (sorted by id) is gated as a candidate,
 * copied into runs/, against the baseline before it. 46 summarization baselines of the smoke
 * dataset and 8 of the benchmark dataset give 45 + 7 = 52 pairs (the two NER baselines are
 * each alone in theirs). Each pair is gated in-process, in one git repository holding the
 * store, with the built-in defaults and with a policy written for that store from its own
 * severities (tests/fixtures/podcast_scraper.policy.yml).
 *
 * The verdicts and the failing checks of every pair are recorded in
 * corpus-pairs.verdicts.json; this test pins them (set UPDATE_CORPUS_VERDICTS=1 to re-record
 * after a deliberate change, and review the diff). Beside the pin, each failing metric is
 * re-derived from the two metrics.json files by the rules written out in this file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_NAMES } from '../../../src/contract/inputs.js';
import { runGate } from '../../../src/gate/run-gate.js';
import { parsePolicy } from '../../../src/policy/parse.js';
import { DEFAULT_POLICY, type Policy } from '../../../src/policy/schema.js';
import type { Report } from '../../../src/contract/report.js';
import { CORPUS, cleanupTempDirs, copyDir, tempDir } from '../../support/temp-store.js';

afterAll(cleanupTempDirs);

type Json = Record<string, unknown>;
const VERDICTS = new URL('./corpus-pairs.verdicts.json', import.meta.url);
const STORE_POLICY_FILE = new URL('../../fixtures/podcast_scraper.policy.yml', import.meta.url);
const readJson = (path: string): Json | undefined => (existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Json) : undefined);

/** Dataset and task of a baseline as its produced artifacts name them (metrics.json first). */
function identity(id: string): string | undefined {
  const dir = join(CORPUS, 'baselines', id);
  const metrics = readJson(join(dir, 'metrics.json'));
  if (!metrics) return undefined; // a retired folder (RETIREMENT.md only)
  const meta = readJson(join(dir, 'baseline.json')) ?? {};
  const fp = readJson(join(dir, 'fingerprint.json')) ?? {};
  const task = metrics.task ?? meta.task ?? fp.task;
  return `${String(metrics.dataset_id)} / ${String(task)}`;
}

function corpusPairs(): { candidate: string; baseline: string; group: string }[] {
  const groups = new Map<string, string[]>();
  for (const id of readdirSync(join(CORPUS, 'baselines')).filter((name) => !name.startsWith('_')).sort()) {
    const key = identity(id);
    if (key) groups.set(key, [...(groups.get(key) ?? []), id]);
  }
  return [...groups].flatMap(([group, ids]) => ids.slice(1).map((candidate, i) => ({ candidate, baseline: ids[i]!, group })));
}

interface Outcome {
  verdict: Report['verdict'];
  /** `gate.check` ids of the failing checks, sorted. */
  failing: string[];
  /** Ids of the warning checks, sorted. */
  warnings: string[];
}

const pairs = corpusPairs();
const outcomes: Record<'default' | 'store', Record<string, Outcome>> = { default: {}, store: {} };
let root: string;
let elapsedMs = 0;

const IDENTITY = { GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com' };

beforeAll(async () => {
  const repo = tempDir('pg-pairs-');
  root = join(repo, 'data', 'eval');
  copyDir(CORPUS, root);
  for (const { candidate } of pairs) copyDir(join(CORPUS, 'baselines', candidate), join(root, 'runs', candidate));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env: { ...process.env, ...IDENTITY } });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'the podcast_scraper store');

  const policies: Record<'default' | 'store', Policy> = {
    default: DEFAULT_POLICY,
    store: parsePolicy(readFileSync(STORE_POLICY_FILE, 'utf8'), 'podcast_scraper.policy.yml'),
  };
  const jobs = (Object.entries(policies) as ['default' | 'store', Policy][]).flatMap(([name, policy]) => pairs.map((pair) => ({ name, policy, ...pair })));
  const started = performance.now();
  // Most of a gate's time is git answering provenance questions: a few gates at once keep both cores busy.
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < jobs.length) {
      const { name, policy, candidate, baseline } = jobs[next++]!;
      const report = await runGate({ store: { root, display: 'data/eval' }, names: CLI_NAMES, run: candidate, baseline, policy });
      const checks = report.gates.flatMap((g) => g.checks.map((c) => ({ ...c, id: `${g.name}.${c.id}` })));
      outcomes[name][`${candidate} vs ${baseline}`] = {
        verdict: report.verdict,
        failing: checks.filter((c) => c.status === 'fail').map((c) => c.id).sort(),
        warnings: checks.filter((c) => c.status === 'warn').map((c) => c.id).sort(),
      };
    }
  }));
  elapsedMs = performance.now() - started;
  // Keys in pair order, so the recorded file reads the same whatever finished first.
  for (const name of ['default', 'store'] as const) {
    outcomes[name] = Object.fromEntries(pairs.map(({ candidate, baseline }) => `${candidate} vs ${baseline}`).map((key) => [key, outcomes[name][key]!]));
  }
  if (process.env.UPDATE_CORPUS_VERDICTS === '1') writeFileSync(VERDICTS, `${JSON.stringify(outcomes, null, 2)}\n`);
}, 300_000);

const metricsOf = (id: string): Json => readJson(join(CORPUS, 'baselines', id, 'metrics.json')) ?? {};
const get = (value: Json, path: string): unknown => path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Json)[key] : undefined), value);

describe('the 52 real pairs of the corpus', () => {
  it('are 52: 45 of the smoke summarization baselines and 7 of the benchmark ones', () => {
    expect(pairs).toHaveLength(52);
    const count = (group: string) => pairs.filter((p) => p.group === group).length;
    expect(count('curated_5feeds_smoke_v1 / summarization')).toBe(45);
    expect(count('curated_5feeds_benchmark_v1 / summarization')).toBe(7);
  });

  it('reach the recorded verdicts with both policies', () => {
    // Printed for the closing note: how many block, and the time the 104 gates took.
    const summary = (name: 'default' | 'store') => {
      const blocked = Object.values(outcomes[name]).filter((o) => o.verdict === 'fail').length;
      return `${name}: ${blocked} of ${pairs.length} block`;
    };
    console.info(`corpus pairs: ${summary('default')}; ${summary('store')}; ${(elapsedMs / 1000).toFixed(1)} s for ${2 * pairs.length} gates`);
    const recorded = JSON.parse(readFileSync(VERDICTS, 'utf8')) as typeof outcomes;
    expect(outcomes).toEqual(recorded);
  });

  it('with the store\'s policy, block exactly where its own rules say a pair regressed', () => {
    // The store's rules, written out independently of the gate: a hard gate above 0 or a
    // failed episode on the candidate, or ROUGE-L / ROUGE-1 against a reference both sides
    // were scored against down by more than 0.05; nothing else blocks.
    for (const { candidate, baseline } of pairs) {
      const c = metricsOf(candidate);
      const b = metricsOf(baseline);
      const reasons: string[] = [];
      const gates = (get(c, 'intrinsic.gates') ?? {}) as Json;
      for (const [name, value] of Object.entries(gates)) {
        const count = Array.isArray(value) ? value.length : value && typeof value === 'object' ? Object.keys(value).length : Number(value);
        if (count > 0) reasons.push(`performance.metric.intrinsic.gates.${name}`);
      }
      const refs = (get(c, 'vs_reference') ?? {}) as Json;
      for (const ref of Object.keys(refs)) {
        for (const score of ['rougeL_f1', 'rouge1_f1']) {
          const cv = get(c, `vs_reference.${ref}.${score}`);
          const bv = get(b, `vs_reference.${ref}.${score}`);
          if (typeof cv === 'number' && typeof bv === 'number' && bv - cv > 0.05 + 1e-12) reasons.push(`performance.metric.vs_reference.${ref}.${score}`);
        }
      }
      const outcome = outcomes.store[`${candidate} vs ${baseline}`]!;
      expect(outcome.failing, `${candidate} vs ${baseline}`).toEqual(reasons.sort());
      expect(outcome.verdict).toBe(reasons.length > 0 ? 'fail' : 'pass');
    }
  });

  it('with the defaults, block every pair on provenance the store does not keep (squash-merged commits, dirty trees)', () => {
    for (const { candidate, baseline } of pairs) {
      const outcome = outcomes.default[`${candidate} vs ${baseline}`]!;
      expect(outcome.verdict).toBe('fail');
      expect(outcome.failing).toContain('compliance.fingerprint.commit-exists');
      const dirty = get(readJson(join(CORPUS, 'baselines', candidate, 'fingerprint.json')) ?? {}, 'run_context.git.dirty') === true;
      expect(outcome.failing.includes('compliance.fingerprint.clean-tree'), `${candidate}: dirty ${dirty}`).toBe(dirty);
    }
  });
});
