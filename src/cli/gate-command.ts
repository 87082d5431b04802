/**
 * `promotion-gate gate`: evaluate a candidate run against its baseline and print the report.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../contract/errors.js';
import { runGate } from '../gate/run-gate.js';
import { CLI_NAMES } from '../contract/inputs.js';
import { readPolicy } from '../policy/read.js';
import { snapshotAtRef } from '../git/snapshot.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderTerminal } from '../report/terminal.js';
import { COMMENT_BUDGET } from '../report/budget.js';
import { STANDARD_SECTIONS } from '../report/sections/index.js';
import { EXIT, stringFlag, type CliIo, type Command, type FlagValues } from './command.js';
import { colorEnabled } from './color.js';
import { failOnFlag, idFlag, policySource, storeLocation } from './inputs.js';
import { createProgress, progressMode } from './progress.js';

/** Writes a report to FILE, or to stdout when FILE is `-`. */
export async function writeOutput(io: CliIo, file: string, text: string): Promise<void> {
  if (file === '-') {
    io.stdout(text);
    return;
  }
  const path = resolve(io.cwd, file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/** `--json -` and `--markdown -` put that report on stdout instead of the terminal report; only one can. */
export function stdoutReport(values: FlagValues, flags: readonly string[]): string | undefined {
  const dashed = flags.filter((f) => stringFlag(values, f) === '-');
  if (dashed.length > 1) throw new UsageError(`${dashed.map((f) => `--${f} -`).join(' and ')}: only one report can go to stdout`);
  return dashed[0];
}

export const gateCommand: Command = {
  name: 'gate',
  summary: 'Evaluate a candidate run against its pinned baseline (functional, performance, compliance gates).',
  usage: 'gate --store DIR --run ID [--baseline ID] [--policy FILE] [--base-ref REF] [--head REF] [--json FILE] [--markdown FILE] [--fail-on error|warning] [--no-color] [--no-progress]',
  help: [
    'Flags:',
    '  --store DIR        evaluation store root (default data/eval)',
    '  --run ID           the candidate, at <store>/runs/ID (required)',
    '  --baseline ID      compare with <store>/baselines/ID (default: config.yaml `baseline:`, then a policy pin)',
    '  --policy FILE      policy file (default <store>/policy.yml; built-in rules when absent)',
    '  --base-ref REF     read the policy, baselines and references at this git ref (a PR\'s base)',
    '  --head REF         the commit being gated: the run\'s commit must be its ancestor (default HEAD)',
    '  --json FILE        write the JSON report (promotion-gate/report@1); - writes it to stdout instead of the terminal report',
    '  --markdown FILE    write the Markdown report (the PR comment); - writes it to stdout instead of the terminal report',
    '  --fail-on LEVEL    error (default: the policy\'s fail_on) or warning',
    '  --no-color         plain output even on a terminal (also NO_COLOR=1; FORCE_COLOR=1 forces colour into a pipe)',
    '  --no-progress      no progress on stderr (shown for gates longer than a second: live on a terminal, one line per phase otherwise)',
    '',
    'Exit codes: 0 pass, 1 a gate failed, 2 usage or configuration error.',
  ].join('\n'),
  options: {
    store: { type: 'string' },
    run: { type: 'string' },
    baseline: { type: 'string' },
    policy: { type: 'string' },
    'base-ref': { type: 'string' },
    head: { type: 'string' },
    json: { type: 'string' },
    markdown: { type: 'string' },
    'fail-on': { type: 'string' },
    'no-color': { type: 'boolean' },
    'no-progress': { type: 'boolean' },
  },
  async run(values, _positionals, io) {
    const run = idFlag(values, 'run', 'run');
    if (!run) throw new UsageError('--run is required (the candidate run id under <store>/runs/)');
    const store = storeLocation(stringFlag(values, 'store'), io);
    const baseRef = stringFlag(values, 'base-ref');
    // Usage first: two reports to stdout is refused before any temp folder exists.
    const toStdout = stdoutReport(values, ['json', 'markdown']);
    const snapshot = baseRef ? await snapshotAtRef(store, baseRef) : undefined;
    const progress = createProgress({
      write: io.stderr,
      tty: io.stderrIsTty ?? false,
      mode: progressMode(io.env, values['no-progress'] === true),
      ...(io.columns === undefined ? {} : { columns: io.columns }),
    });
    let report;
    try {
      const loaded = await readPolicy(policySource(values, io, snapshot?.store ?? store), CLI_NAMES);

      report = await runGate({
        store,
        baseStore: snapshot?.store,
        run,
        names: CLI_NAMES,
        baseline: idFlag(values, 'baseline', 'baseline'),
        policy: loaded.policy,
        failOn: failOnFlag(values),
        extraReport: { policy_source: loaded.source },
        headRef: stringFlag(values, 'head'),
        policyFile: { display: loaded.source, text: loaded.text },
        progress,
      });
    } finally {
      progress.done();
      // The snapshot is a temp folder: removed on every path, errors included.
      await snapshot?.dispose();
    }

    const json = stringFlag(values, 'json');
    if (json) await writeOutput(io, json, `${JSON.stringify(report, null, 2)}\n`);
    const markdown = stringFlag(values, 'markdown');
    if (markdown) await writeOutput(io, markdown, renderMarkdown(report, { budget: COMMENT_BUDGET, sections: STANDARD_SECTIONS }));
    if (toStdout === undefined) io.stdout(renderTerminal(report, { color: colorEnabled(io.env, io.isTty, values['no-color'] === true) }));
    return report.verdict === 'pass' ? EXIT.pass : EXIT.fail;
  },
};
