/**
 * `promotion-gate compare`: any two entries of the store side by side, item by item
 * (DESIGN.md section 9). Never gates (exit 0 whatever the deltas), except that
 * `--fail-divergence X` turns output divergence into a check for shadow stages.
 */
import { UsageError } from '../contract/errors.js';
import { DEFAULT_TOP, MAX_TOP, type ComparisonJson, type DivergenceCheck } from '../compare/comparison.js';
import { renderCompareMarkdown } from '../compare/render-markdown.js';
import { formatShare, renderCompareTerminal } from '../compare/render-terminal.js';
import { runCompare } from '../compare/run-compare.js';
import { COMMENT_BUDGET } from '../report/budget.js';
import { colorEnabled } from './color.js';
import { EXIT, stringFlag, type Command, type FlagValues } from './command.js';
import { stdoutReport, writeOutput } from './gate-command.js';
import { storeLocation } from './inputs.js';

function listFlag(values: FlagValues, name: string): string[] | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  const list = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  for (const item of list) if (item.trim() === '') throw new UsageError(`--${name}: a name cannot be empty`);
  return list;
}

function numberFlag(values: FlagValues, name: string, check: (n: number) => boolean, expected: string): number | undefined {
  const text = stringFlag(values, name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`--${name} ${JSON.stringify(text)}: expected ${expected}`);
  return n;
}

export const compareCommand: Command = {
  name: 'compare',
  summary: 'Compare any two entries of the store item by item (metrics, per-item scores, attribution, divergence).',
  usage: 'compare [--store DIR] (A B | --experiment EXP) [--score NAME]... [--top N] [--json FILE] [--markdown FILE] [--fail-divergence X] [--no-color]',
  help: [
    'A and B name any entry: a run, baseline, archived baseline or reference id, or a path',
    'inside the store (baselines/<id>, baselines/_archived/<id>, references/silver/<id>, ...).',
    'Every delta is B - A.',
    '',
    'Flags:',
    '  --store DIR            evaluation store root (default data/eval)',
    '  --experiment EXP       compare the experiment\'s control arm (A) with its treatment arm (B);',
    '                         refused when they were not evaluated on the same dataset',
    '  --score NAME           compare this per-item score (a name in `scores`, or a dot path into',
    '                         the record such as metadata.latency_ms); repeat for more (default: all)',
    `  --top N                largest gains/regressions and rank moves to list (default ${DEFAULT_TOP}, at most ${MAX_TOP})`,
    '  --id-field NAME        the item id field of both files (default: detected as the gate does)',
    '  --output-field NAME    the output field for divergence and excerpts (default: detected)',
    '  --json FILE            write promotion-gate/comparison@1 (- for stdout, instead of the terminal text)',
    '  --markdown FILE        write the comparison as Markdown, sized for a PR comment (- for stdout)',
    '  --fail-divergence X    exit 1 when the share of items whose outputs differ is above X (0..1)',
    '  --no-color             plain output even on a terminal (also NO_COLOR=1; FORCE_COLOR=1 forces colour)',
    '',
    'Exit codes: 0 compared (whatever the deltas), 1 divergence above --fail-divergence,',
    '            2 usage or input error (unknown or ambiguous entry, unreadable files, ...).',
  ].join('\n'),
  options: {
    store: { type: 'string' },
    experiment: { type: 'string' },
    score: { type: 'string', multiple: true },
    top: { type: 'string' },
    'id-field': { type: 'string' },
    'output-field': { type: 'string' },
    json: { type: 'string' },
    markdown: { type: 'string' },
    'fail-divergence': { type: 'string' },
    'no-color': { type: 'boolean' },
  },
  allowPositionals: true,
  async run(values, positionals, io) {
    const experiment = stringFlag(values, 'experiment');
    if (experiment !== undefined && positionals.length > 0) throw new UsageError('give either two entries (A B) or --experiment EXP, not both');
    if (experiment === undefined && positionals.length !== 2) {
      throw new UsageError(`expected two entries to compare (A B), got ${positionals.length}; or use --experiment EXP`);
    }
    const top = numberFlag(values, 'top', (n) => Number.isInteger(n) && n >= 0 && n <= MAX_TOP, `an integer from 0 to ${MAX_TOP}`);
    const threshold = numberFlag(values, 'fail-divergence', (n) => n >= 0 && n <= 1, 'a share from 0 to 1 (0.2 = 20% of items)');
    const toStdout = stdoutReport(values, ['json', 'markdown']);
    const comparison: ComparisonJson = await runCompare({
      store: storeLocation(stringFlag(values, 'store'), io),
      ...(experiment !== undefined ? { experiment } : { a: positionals[0], b: positionals[1] }),
      scores: listFlag(values, 'score'),
      top,
      idField: stringFlag(values, 'id-field'),
      outputField: stringFlag(values, 'output-field'),
    });

    let check: DivergenceCheck | undefined;
    if (threshold !== undefined) {
      const share = comparison.divergence?.share;
      if (share === undefined || share === null) {
        const why = comparison.mode === 'metrics-only' ? 'a side has no predictions' : comparison.divergence === null ? 'neither side\'s items have an output field' : 'no joined item has an output on both sides';
        throw new UsageError(`--fail-divergence: there is no output divergence to check (${why}); nothing was checked`);
      }
      check = { threshold, share, status: share > threshold ? 'fail' : 'pass' };
      comparison.divergence_check = check;
    }

    const json = stringFlag(values, 'json');
    if (json) await writeOutput(io, json, `${JSON.stringify(comparison, null, 2)}\n`);
    const markdown = stringFlag(values, 'markdown');
    if (markdown) await writeOutput(io, markdown, renderCompareMarkdown(comparison, COMMENT_BUDGET));
    if (toStdout === undefined) io.stdout(renderCompareTerminal(comparison, { color: colorEnabled(io.env, io.isTty, values['no-color'] === true) }));
    if (check) {
      const verdict = check.status === 'fail' ? 'FAIL: above' : 'pass: not above';
      // With a report on stdout the verdict goes to stderr, so the report stays parseable.
      const line = `divergence check: ${formatShare(check.share)} of joined items differ; ${verdict} the threshold ${formatShare(check.threshold)}\n`;
      if (toStdout === undefined) io.stdout(line);
      else io.stderr(line);
      return check.status === 'fail' ? EXIT.fail : EXIT.pass;
    }
    return EXIT.pass;
  },
};
