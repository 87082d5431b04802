/**
 * `promotion-gate run create`: produce a run the one way every run is produced (see
 * src/capture/run-create.ts). Flags before `--`, the evaluation command after it.
 */
import { resolve } from 'node:path';
import { didYouMean } from '../contract/did-you-mean.js';
import { UsageError } from '../contract/errors.js';
import { createRun } from '../capture/run-create.js';
import { printable, summarizeFingerprint } from '../capture/fingerprint-summary.js';
import { TOOL_NAME } from '../contract/version.js';
import { EXIT, stringFlag, type Command } from './command.js';
import { storeLocation } from './inputs.js';
import { parseExperimentFlags } from '../compare/experiment.js';

export const runCreateCommand: Command = {
  name: 'run',
  summary: 'Create a run: execute the evaluation command, check and fingerprint what it wrote.',
  usage: 'run create --dataset-id DS [--run-id ID] [--store DIR] [--config FILE] [--baseline ID] [--experiment EXP --arm control|treatment] [--prompt-version X.Y.Z] [--tag K=V]... -- <command...>',
  help: [
    'Flags:',
    '  --dataset-id DS    the dataset the command evaluates (required)',
    '  --run-id ID        the new run, created at <store>/runs/ID (default run_<UTC timestamp>);',
    '                     an existing run is never overwritten',
    '  --store DIR        evaluation store root (default data/eval)',
    '  --config FILE      experiment config (YAML), snapshotted as the run\'s config.yaml;',
    '                     its `prompts:` become the prompt bundle, its model fields the fingerprint\'s',
    '  --baseline ID      the baseline this run must be compared with (written to config.yaml)',
    '  --experiment EXP   the experiment this run is an arm of (with --arm); `compare --experiment EXP`',
    '  --arm ARM          control or treatment (recorded in baseline.json and the fingerprint)',
    '  --prompt-version V the prompt\'s semantic version X.Y.Z (wins over the config\'s prompt_version)',
    '  --tag K=V          a label to record (repeatable), listed by `runs`',
    '',
    'The command runs without a shell, in the current folder, with these variables set:',
    '  PROMOTION_GATE_RUN_DIR     absolute path of the run folder: write predictions.jsonl',
    '                             and metrics.json (and optionally prompts.json) here',
    '  PROMOTION_GATE_RUN_ID, PROMOTION_GATE_DATASET_ID',
    '  PROMOTION_GATE_CONFIG      the config snapshot (set only with --config or --baseline)',
    '  PROMOTION_GATE_BASELINE_ID (set only with --baseline)',
    'Its output goes to the terminal and to run.log. Then the artifacts are checked, and',
    'fingerprint.json, baseline.json and manifest.json are written. A failing command or',
    'invalid artifacts leave the run marked failed (baseline.json status "failed").',
    '',
    'Exit codes: 0 run created, 1 the command or its artifacts failed (run marked failed),',
    '            2 usage error (nothing was run).',
  ].join('\n'),
  options: {
    'run-id': { type: 'string' },
    'dataset-id': { type: 'string' },
    store: { type: 'string' },
    config: { type: 'string' },
    baseline: { type: 'string' },
    experiment: { type: 'string' },
    arm: { type: 'string' },
    'prompt-version': { type: 'string' },
    tag: { type: 'string', multiple: true },
  },
  allowPositionals: true,
  async run(values, positionals, io) {
    const [subcommand, ...command] = positionals;
    if (subcommand !== 'create') {
      throw new UsageError(subcommand === undefined ? 'missing subcommand: `run create`' : `unknown subcommand "${printable(subcommand)}"${didYouMean(subcommand, ['create']) || ' (expected: create)'}`);
    }
    const datasetId = stringFlag(values, 'dataset-id');
    if (!datasetId) throw new UsageError('--dataset-id is required (the dataset the command evaluates)');
    const configFlag = stringFlag(values, 'config');
    const tags = values.tag;
    const experiment = parseExperimentFlags({
      experiment: stringFlag(values, 'experiment'),
      arm: stringFlag(values, 'arm'),
      promptVersion: stringFlag(values, 'prompt-version'),
      tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : undefined,
    });
    const result = await createRun({
      store: storeLocation(stringFlag(values, 'store'), io),
      runId: stringFlag(values, 'run-id'),
      datasetId,
      config: configFlag ? { path: resolve(io.cwd, configFlag), display: configFlag } : undefined,
      baselineId: stringFlag(values, 'baseline'),
      ...experiment,
      command,
      cwd: io.cwd,
      env: io.env,
      stdout: io.stdout,
      stderr: io.stderr,
    });
    if (result.status === 'failed') {
      const details = result.problems.slice(0, 20).map((p) => `  ${printable(p.message)}\n`).join('');
      io.stderr(`${TOOL_NAME} run create: run ${result.runId} failed: ${printable(result.reason ?? 'unknown reason')} (marked failed in ${result.runDir}/baseline.json)\n${details}`);
      return EXIT.fail;
    }
    const summary = result.fingerprint ? summarizeFingerprint(result.fingerprint) : [];
    io.stdout(`run ${result.runId} created at ${result.runDir}\n${summary.map((line) => `${line}\n`).join('')}`);
    return EXIT.pass;
  },
};
