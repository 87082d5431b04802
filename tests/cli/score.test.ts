// `promotion-gate score` through the bundled CLI: the corpus's gold NER reference and two of
// its NER baselines (scored as runs) against their own vs_reference numbers, text against a
// silver reference, deterministic output, the gate's references section, and the write rules.
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeScores } from '../../src/score/write-scores.js';
import { runBundledCli } from '../support/cli.js';
import { cleanupTempDirs, copyDir, CORPUS, SIMPLE_POLICY, tempDir, writeFiles, writeRun } from '../support/temp-store.js';

afterAll(() => cleanupTempDirs());

const GOLD = 'ner_entities_smoke_gold_v1';

interface ModeOut { tp: number; fp: number; fn: number; precision: number; recall: number; f1: number; per_label: Record<string, { f1: number }> }
interface Theirs { tp: number; fp: number; fn: number; precision: number; recall: number; f1: number; per_label_f1: Record<string, number> }

/** A store with the gold NER reference and the two corpus NER baselines copied in as runs. */
function nerStore(): string {
  const root = tempDir('pg-score-');
  copyDir(join(CORPUS, 'references/gold/ner_entities'), join(root, 'references/gold/ner_entities'));
  for (const id of ['baseline_ner_prod_authority_v1', 'baseline_ner_dev_authority_v1']) copyDir(join(CORPUS, 'baselines', id), join(root, 'runs', id));
  return root;
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      const info = statSync(full, { throwIfNoEntry: false });
      if (info?.isDirectory()) walk(full);
      else out[relative(dir, full)] = info ? readFileSync(full, 'utf8') : '<dangling>';
    }
  };
  walk(dir);
  return out;
}

function expectSameAs(ours: ModeOut, theirs: Theirs): void {
  expect({ tp: ours.tp, fp: ours.fp, fn: ours.fn }).toEqual({ tp: theirs.tp, fp: theirs.fp, fn: theirs.fn });
  expect(ours.precision).toBeCloseTo(theirs.precision, 12);
  expect(ours.recall).toBeCloseTo(theirs.recall, 12);
  expect(ours.f1).toBeCloseTo(theirs.f1, 12);
  for (const [label, f1] of Object.entries(theirs.per_label_f1)) expect(ours.per_label[label]?.f1, label).toBeCloseTo(f1, 12);
}

describe('score: entities against the corpus gold NER reference (one JSON per item)', () => {
  const root = nerStore();

  it('recomputes baseline_ner_prod_authority_v1\'s own vs_reference numbers exactly (mention exact, mention overlap, entity set)', async () => {
    const result = await runBundledCli(['score', '--store', root, '--run', 'baseline_ner_prod_authority_v1', '--reference', GOLD]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^score baseline_ner_prod_authority_v1 against gold reference ner_entities_smoke_gold_v1: entities, 5 reference item\(s\), 5 scored\n/);
    const file = JSON.parse(readFileSync(join(root, 'runs/baseline_ner_prod_authority_v1/scores', `${GOLD}.json`), 'utf8')) as { aggregate: Record<string, ModeOut>; items: unknown; per_item: unknown[] };
    const theirs = (JSON.parse(readFileSync(join(CORPUS, 'baselines/baseline_ner_prod_authority_v1/metrics.json'), 'utf8')) as { vs_reference: Record<string, Record<string, Theirs>> }).vs_reference[GOLD]!;
    expectSameAs(file.aggregate.exact!, theirs.mention_exact!);
    expectSameAs(file.aggregate.overlap!, theirs.mention_overlap!);
    expectSameAs(file.aggregate.set!, theirs.entity_set!);
    expect(file.aggregate).toMatchObject({ entities_predicted: 289, entities_reference: 301, ignored: 0 });
    expect(file.per_item).toHaveLength(5);
  });

  it('recomputes baseline_ner_dev_authority_v1\'s exact and overlap numbers; only its entity count differs, by the 5 episodes the gold lacks', async () => {
    const result = await runBundledCli(['score', '--store', root, '--run', 'baseline_ner_dev_authority_v1', '--reference', GOLD]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('note: 5 run item(s) have no reference item: not scored');
    const file = JSON.parse(readFileSync(join(root, 'runs/baseline_ner_dev_authority_v1/scores', `${GOLD}.json`), 'utf8')) as { aggregate: Record<string, ModeOut> & { entities_predicted: number }; items: { unreferenced: number } };
    const theirs = (JSON.parse(readFileSync(join(CORPUS, 'baselines/baseline_ner_dev_authority_v1/metrics.json'), 'utf8')) as { vs_reference: Record<string, Record<string, Theirs> & { entities_predicted: number }> }).vs_reference[GOLD]!;
    expectSameAs(file.aggregate.exact!, theirs.exact!);
    expectSameAs(file.aggregate.overlap!, theirs.overlap!);
    // Theirs counts the predictions of all 10 episodes (episodes_total 10); ours those of the 5 scored ones.
    expect(theirs.entities_predicted).toBe(390);
    expect(file.aggregate.entities_predicted).toBe(190);
    expect(file.items.unreferenced).toBe(5);
  });

  it('rewrites the same bytes when nothing changed (no timestamp, items in a fixed order)', async () => {
    const path = join(root, 'runs/baseline_ner_prod_authority_v1/scores', `${GOLD}.json`);
    const before = readFileSync(path);
    expect((await runBundledCli(['score', '--store', root, '--run', 'baseline_ner_prod_authority_v1', '--reference', GOLD])).code).toBe(0);
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});

describe('score: text against a silver reference', () => {
  it('writes exact match, token F1 and ROUGE-L per item and on average', async () => {
    const root = tempDir('pg-score-text-');
    writeFiles(root, {
      'references/silver/silver_v1/predictions.jsonl': [
        { episode_id: 'e1', output: { summary_final: 'The cat sat on the mat.' } },
        { episode_id: 'e2', output: { summary_final: 'Dogs bark at night' } },
      ].map((r) => JSON.stringify(r)).join('\n') + '\n',
      'runs/r1/predictions.jsonl': [
        { episode_id: 'e1', output: { summary_final: 'the cat sat on the mat' } },
        { episode_id: 'e2', output: { summary_final: 'dogs bark' } },
      ].map((r) => JSON.stringify(r)).join('\n') + '\n',
    });
    const result = await runBundledCli(['score', '--store', root, '--run', 'r1', '--reference', 'silver_v1']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const file = JSON.parse(readFileSync(join(root, 'runs/r1/scores/silver_v1.json'), 'utf8')) as { kind: string; aggregate: Record<string, number>; per_item: { id: string; text: Record<string, number> }[]; method: string[] };
    expect(file.kind).toBe('text');
    // e1: identical after normalisation (1, 1, 1). e2: "dogs bark" vs "dogs bark at night": P 1, R 1/2, F 2/3 for both.
    expect(file.aggregate.exact_match).toBeCloseTo(0.5, 12);
    expect(file.aggregate.token_f1).toBeCloseTo((1 + 2 / 3) / 2, 12);
    expect(file.aggregate.rougeL_f1).toBeCloseTo((1 + 2 / 3) / 2, 12);
    expect(file.per_item.map((i) => [i.id, i.text.exact_match])).toEqual([['e1', 1], ['e2', 0]]);
    expect(file.method.join(' ')).toMatch(/rouge-score.*without stemming/);
    expect(result.stdout).toMatch(/\n {2}rougeL {7}P 1\.0000 {2}R 0\.7500 {2}F1 0\.8333\n/);
  });

  it('feeds the gate\'s references section when metrics.json has no vs_reference', async () => {
    const root = tempDir('pg-score-gate-');
    writeFiles(root, { 'policy.yml': SIMPLE_POLICY });
    const items = [{ id: 'a', dataset_id: 'ds1', output: 'alpha beta' }, { id: 'b', dataset_id: 'ds1', output: 'gamma' }];
    writeRun(root, 'baselines/base_v1', { predictions: items.map((i) => ({ ...i, output: 'alpha' })) });
    writeRun(root, 'runs/cand', { predictions: items });
    writeFiles(root, { 'references/silver/silver_ds1/predictions.jsonl': items.map((i) => JSON.stringify(i)).join('\n') + '\n' });
    for (const run of ['cand']) expect((await runBundledCli(['score', '--store', root, '--run', run, '--reference', 'silver_ds1'])).code).toBe(0);
    // The baseline's scores travel with it (promotion moves the whole folder): write one as promotion would have.
    mkdirSync(join(root, 'baselines/base_v1/scores'));
    writeFileSync(join(root, 'baselines/base_v1/scores/silver_ds1.json'), readFileSync(join(root, 'runs/cand/scores/silver_ds1.json'), 'utf8').replace('"exact_match": 1', '"exact_match": 0.5'));
    const report = join(root, 'report.json');
    const gate = await runBundledCli(['gate', '--store', root, '--run', 'cand', '--json', report]);
    expect(gate.code).toBe(0);
    const references = (JSON.parse(readFileSync(report, 'utf8')) as { references: { id: string; source?: string; note?: string; metrics: { name: string; candidate: number; baseline: number; delta: number }[] }[] }).references;
    const silver = references.find((r) => r.id === 'silver_ds1');
    expect(silver?.source).toBe('scores');
    expect(silver?.note).toMatch(/computed by `promotion-gate score` \(scores\/silver_ds1.json\)/);
    expect(silver?.metrics.find((m) => m.name === 'exact_match')).toEqual({ name: 'exact_match', candidate: 1, baseline: 0.5, delta: 0.5 });
    expect(silver?.metrics.map((m) => m.name)).toEqual(['exact_match', 'token_f1', 'rougeL_precision', 'rougeL_recall', 'rougeL_f1']);
  });
});

describe('score: bad input is one line naming the place, and a failed write leaves the run as it was', () => {
  it.each([
    ['an unknown reference', ['--reference', 'nope'], /^promotion-gate score: error: --reference nope: no reference nope in .*references/],
    ['an unknown run', ['--run', 'ghost'], /^promotion-gate score: error: --run: no run directory at .*runs\/ghost/],
    ['a bad id', ['--run', '../x'], /^promotion-gate score: error: --run "\.\.\/x": an id is a single path segment/],
  ])('%s: exit 2', async (_name, flags, message) => {
    const root = nerStore();
    const args = ['score', '--store', root, '--run', 'baseline_ner_prod_authority_v1', '--reference', GOLD];
    for (let i = 0; i < flags.length; i += 2) args[args.indexOf(flags[i]!) + 1] = flags[i + 1]!;
    const result = await runBundledCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('names the reference item file and entity at fault', async () => {
    const root = nerStore();
    const path = join(root, 'references/gold/ner_entities', GOLD, 'p03_e01.json');
    const item = JSON.parse(readFileSync(path, 'utf8')) as { entities: { start: number; end: number }[] };
    item.entities[4] = { ...item.entities[4]!, start: 50, end: 40 };
    writeFileSync(path, JSON.stringify(item));
    const before = snapshot(join(root, 'runs'));
    const result = await runBundledCli(['score', '--store', root, '--run', 'baseline_ner_prod_authority_v1', '--reference', GOLD]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/error: .*references\/gold\/ner_entities\/ner_entities_smoke_gold_v1\/p03_e01.json: entities\[4\]: empty or reversed span \[50, 40\)/);
    expect(snapshot(join(root, 'runs'))).toEqual(before);
  });

  it('refuses a scores folder that is a symbolic link (never writes through it)', async () => {
    const root = nerStore();
    const outside = tempDir('pg-score-outside-');
    symlinkSync(outside, join(root, 'runs/baseline_ner_prod_authority_v1/scores'));
    const before = snapshot(join(root, 'runs/baseline_ner_prod_authority_v1'));
    const result = await runBundledCli(['score', '--store', root, '--run', 'baseline_ner_prod_authority_v1', '--reference', GOLD]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/runs\/baseline_ner_prod_authority_v1\/scores: is a symbolic link \(refused/);
    expect(readdirSync(outside)).toEqual([]);
    expect(snapshot(join(root, 'runs/baseline_ner_prod_authority_v1'))).toEqual(before);
  });

  it('refuses to replace a folder planted where the scores file goes', async () => {
    const root = nerStore();
    mkdirSync(join(root, 'runs/baseline_ner_prod_authority_v1/scores', `${GOLD}.json`), { recursive: true });
    const before = snapshot(join(root, 'runs/baseline_ner_prod_authority_v1'));
    const result = await runBundledCli(['score', '--store', root, '--run', 'baseline_ner_prod_authority_v1', '--reference', GOLD]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/exists and is not a regular file \(refused\)/);
    expect(snapshot(join(root, 'runs/baseline_ner_prod_authority_v1'))).toEqual(before);
    expect(readdirSync(join(root, 'runs/baseline_ner_prod_authority_v1/scores'))).toEqual([`${GOLD}.json`]);
  });

  it('removes the scores folder it created when the write fails, leaving no temporary file', async () => {
    const root = nerStore();
    const before = snapshot(join(root, 'runs/baseline_ner_prod_authority_v1'));
    // A value JSON cannot serialise makes the write fail after the folder was made.
    await expect(writeScores({ root, display: 'store' }, 'runs/baseline_ner_prod_authority_v1', GOLD, { n: 1n })).rejects.toThrow(/BigInt/);
    expect(snapshot(join(root, 'runs/baseline_ner_prod_authority_v1'))).toEqual(before);
    expect(readdirSync(join(root, 'runs/baseline_ner_prod_authority_v1'))).not.toContain('scores');
  });
});
