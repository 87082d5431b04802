/**
 * Generators for the hostile-input fuzzing (issue 9, "keep it closed"): a store case is a
 * sound baseline and candidate plus hostile names, ids and files that are allowed (the
 * verdict is then free), and a set of known-bad mutations (then it must never pass). Cases
 * are plain data, so fast-check can shrink a failing one to its smallest form; `writeStore`
 * lays a case out as files in a fresh folder, with an "outside" folder whose content must
 * never appear in any output.
 */
import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

/** A GitHub token shape the secret patterns know. */
export const TOKEN = 'ghp_F9zQ2wX8cV7bN6mL5kJ4hG3fD2sA1pO0iU9y';
export const SECRET_BODY = TOKEN.slice(4, 28);
/** Content of every file outside the store; it must never be echoed. */
export const CANARY = 'OUTSIDE-CANARY-7f3a';

/** Strings a pull request could put in a name: markup, mentions, commands, controls, a secret. */
export const HOSTILE_SNIPPETS = [
  '::warning title=X::y',
  '::add-mask::z',
  ' ::stop-commands::t',
  '##[error]legacy',
  '@octo-org/admins',
  '&#64;entity',
  '<img src=x onerror=alert(1)>',
  '</details><script>x</script>',
  '<!-- promotion-gate:cand -->',
  '| pipe | table |',
  '[link](javascript:alert(1))',
  '\u202eevil\u202c',
  'line\nbreak',
  'cr\rbreak',
  '\u0085nel',
  '\u001b[2Jclear',
  '`tick``s`',
  '#1',
  '$(id)',
  'a,b',
  'caf\u00e9 \u{1F600}',
  TOKEN,
];

/** A name: a plain identifier, one of the hostile snippets, arbitrary text, or a mix. */
export const nameArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_SNIPPETS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }) },
  // Glued with a space: a token glued to letters is, rightly, no token to the secret patterns.
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_SNIPPETS), fc.stringMatching(/^[a-z]{1,6}$/)).map(([a, b]) => `${b} ${a} ${b}`) },
);

/** Mutations that make a case bad: the gate must fail it (exit 1) or refuse it (exit 2). */
export const BAD_KINDS = [
  'non-finite',
  'duplicate-key',
  'collision',
  'invalid-utf8',
  'truncated-line',
  'duplicate-id',
  'missing-item',
  'metrics-link-out',
  'predictions-fifo',
  'extra-link-out',
  'extra-fifo',
  'extra-hardlink',
  'secret-file',
  'config-tag',
  'regression',
  'empty-predictions',
  'run-link-out',
  'dataset-mismatch',
  'policy-link-out',
  'baseline-link-out',
] as const;
export type BadKind = (typeof BAD_KINDS)[number];

/** Allowed oddities: the verdict is free, but every other promise must hold. */
export interface Oddities {
  /** Metric names (under `hostile.`), the same on both sides. */
  metricNames: string[];
  /** Item ids, the same on both sides. */
  itemIds: string[];
  task: string;
  /** An extra regular file in the candidate, with an odd name and harmless content. */
  extraFile?: string | Uint8Array;
  /** A link inside the store (candidate predictions -> a copy elsewhere in the store). */
  linkInside: boolean;
}

export interface StoreCase {
  odd: Oddities;
  scores: number[];
  /** Candidate values of the hostile metrics, as offsets from the baseline's. */
  deltas: number[];
  bad: BadKind[];
  /** Which non-finite literal, YAML tag, ... a bad kind uses. */
  variant: number;
}

export const storeCaseArb: fc.Arbitrary<StoreCase> = fc.record({
  odd: fc.record({
    metricNames: fc.uniqueArray(nameArb, { maxLength: 4 }),
    itemIds: fc.uniqueArray(nameArb, { minLength: 2, maxLength: 6 }),
    task: fc.oneof(fc.constant('qa'), nameArb),
    extraFile: fc.option(fc.oneof(nameArb, fc.uint8Array({ minLength: 1, maxLength: 12 })), { nil: undefined }),
    linkInside: fc.boolean(),
  }),
  scores: fc.array(fc.constantFrom(0, 1), { minLength: 6, maxLength: 6 }),
  deltas: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }),
  bad: fc.oneof({ weight: 2, arbitrary: fc.constant([] as BadKind[]) }, { weight: 5, arbitrary: fc.subarray([...BAD_KINDS], { minLength: 1, maxLength: 3 }) }),
  variant: fc.nat({ max: 11 }),
});

const POLICY = 'version: 1\npins:\n  - baseline: base_v1\n    dataset: ds1\ncompliance:\n  require_commit: false\n';
const PERMISSIVE = 'version: 1\ndefaults: none\ncold_start: absolute\ncompliance:\n  require_commit: false\n  secrets: off\n  manifest: off\n  non_regular_entries: warn\n';
const FINGERPRINT = JSON.stringify({ dataset: { id: 'ds1' } });
const NON_FINITE = ['NaN', 'Infinity', '-Infinity', '1e999'];
const TAGS = ['!!binary aGVsbG8=', '!!set {a, b}', '!!omap [a: 1]', '!!timestamp 2001-12-14', '!!python/object:os.system x', '!custom x'];

/** A file name safe to create: no `/`, no NUL, not `.`/`..`, at most 200 bytes. */
function fileName(raw: string | Uint8Array): Buffer {
  const bytes = Buffer.from(typeof raw === 'string' ? raw : raw).filter((b) => b !== 0x2f && b !== 0);
  const name = Buffer.from(bytes.subarray(0, 200));
  return name.length === 0 || name.equals(Buffer.from('.')) || name.equals(Buffer.from('..')) ? Buffer.from(`x${name.toString('hex')}`) : name;
}

interface Side {
  metricsText: string;
  predictions: Buffer;
}

function side(c: StoreCase, which: 'baseline' | 'candidate'): Side {
  const ids = c.odd.itemIds;
  const scores = ids.map((_, i) => c.scores[i % c.scores.length] ?? 0);
  const lines = ids.map((id, i) => JSON.stringify({ id, dataset_id: 'ds1', scores: { exact_match: scores[i] } }));
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const hostile = Object.fromEntries(c.odd.metricNames.map((name, i) => [name, 0.5 + (which === 'candidate' ? (c.deltas[i] ?? 0) / 4 : 0)]));
  const metrics: Record<string, unknown> = { dataset_id: 'ds1', task: c.odd.task, exact_match: mean, quality: { f1: 0.8 }, hostile };
  return { metricsText: JSON.stringify(metrics, null, 2), predictions: Buffer.from(`${lines.join('\n')}\n`) };
}

function write(path: string, content: string | Buffer): void {
  writeFileSync(path, content);
}

/**
 * Lays the case out under `dir`: `dir/store` (policy, baseline base_v1, candidate runs/cand)
 * and `dir/outside` (files holding CANARY that links point at). Returns the store path.
 */
export function writeStore(c: StoreCase, dir: string): string {
  const store = join(dir, 'store');
  const outside = join(dir, 'outside');
  const base = join(store, 'baselines/base_v1');
  const cand = join(store, 'runs/cand');
  for (const folder of [base, cand, outside]) mkdirSync(folder, { recursive: true });
  const has = (kind: BadKind): boolean => c.bad.includes(kind);
  const canaryJson = JSON.stringify({ dataset_id: 'ds1', exact_match: 0.99, canary: CANARY });
  write(join(outside, 'metrics.json'), canaryJson);
  write(join(outside, 'policy.yml'), `${PERMISSIVE}# ${CANARY}\n`);

  write(join(store, 'policy.yml'), POLICY);
  const b = side(c, 'baseline');
  write(join(base, 'metrics.json'), b.metricsText);
  write(join(base, 'predictions.jsonl'), b.predictions);
  write(join(base, 'fingerprint.json'), FINGERPRINT);

  const s = side(c, 'candidate');
  let metrics = s.metricsText;
  let predictions = s.predictions;
  const swap = (key: string, value: string): void => {
    metrics = metrics.replace(new RegExp(`"${key}": [^,\\n]+`), `"${key}": ${value}`);
  };
  if (has('non-finite')) swap('exact_match', NON_FINITE[c.variant % NON_FINITE.length] ?? 'NaN');
  if (has('regression')) swap('exact_match', '-0.5');
  if (has('dataset-mismatch')) swap('dataset_id', '"ds2"');
  if (has('duplicate-key')) metrics = metrics.replace(/\n}$/, ',\n  "exact_match": 1\n}');
  if (has('collision')) metrics = metrics.replace(/\n}$/, ',\n  "quality.f1": 0.8\n}');
  if (has('invalid-utf8')) predictions = Buffer.concat([predictions, Buffer.from('{"id": "u", "text": "caf'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]);
  // Dropping an item first, then duplicating one that is left: the two never cancel out.
  if (has('missing-item')) predictions = Buffer.from(predictions.toString('utf8').split('\n').slice(1).join('\n'));
  if (has('duplicate-id')) predictions = Buffer.concat([predictions, Buffer.from(predictions.toString('utf8').split('\n')[0] ?? ''), Buffer.from('\n')]);
  if (has('truncated-line')) predictions = Buffer.concat([predictions, Buffer.from('{"id": "z", "sco')]);
  if (has('empty-predictions')) predictions = Buffer.alloc(0);

  write(join(cand, 'fingerprint.json'), FINGERPRINT);
  if (has('metrics-link-out')) symlinkSync(join(outside, 'metrics.json'), join(cand, 'metrics.json'));
  else write(join(cand, 'metrics.json'), metrics);
  if (has('predictions-fifo')) execFileSync('mkfifo', [join(cand, 'predictions.jsonl')]);
  else if (c.odd.linkInside) {
    write(join(store, 'shared-predictions.jsonl'), predictions);
    symlinkSync('../../shared-predictions.jsonl', join(cand, 'predictions.jsonl'));
  } else write(join(cand, 'predictions.jsonl'), predictions);
  if (has('config-tag')) write(join(cand, 'config.yaml'), `model: ${TAGS[c.variant % TAGS.length] ?? '!!binary x'}\n`);

  if (c.odd.extraFile !== undefined) writeFileSync(Buffer.concat([Buffer.from(`${cand}/odd-`), fileName(c.odd.extraFile)]), 'harmless\n');
  if (has('secret-file')) writeFileSync(Buffer.concat([Buffer.from(`${cand}/s-`), fileName(c.odd.extraFile ?? 'notes\\x.txt')]), `key=${TOKEN}\n`);
  if (has('extra-link-out')) symlinkSync(join(outside, 'metrics.json'), join(cand, 'run.log'));
  if (has('extra-fifo')) execFileSync('mkfifo', [join(cand, 'pipe')]);
  if (has('extra-hardlink')) linkSync(join(outside, 'metrics.json'), join(cand, 'copied.json'));

  if (has('policy-link-out')) {
    rmSync(join(store, 'policy.yml'));
    symlinkSync(join(outside, 'policy.yml'), join(store, 'policy.yml'));
  }
  if (has('baseline-link-out')) {
    const away = join(outside, 'base_v1');
    renameSync(base, away);
    symlinkSync(away, base);
  }
  if (has('run-link-out')) {
    const away = join(outside, 'cand');
    renameSync(cand, away);
    symlinkSync(away, cand);
  }
  return store;
}
