/**
 * `promotion-gate promote`: gate a run, then move it to a baseline or reference with its
 * README, metadata and manifest, in the working tree or (`--commit`) as one commit on a new
 * local branch promote/<id>. No GitHub needed; the action does the same through a PR.
 */
import { UsageError } from '../contract/errors.js';
import { policyFileOf, readPolicy } from '../policy/read.js';
import { GitRepo } from '../git/repo.js';
import { promoteLocally, type LocalPromotionOutcome } from '../promote/local/promote-local.js';
import { type PromotionRequest } from '../promote/plan/types.js';
import { renderTerminal } from '../report/terminal.js';
import { EXIT, stringFlag, type CliIo, type Command, type FlagValues } from './command.js';
import { colorEnabled } from './color.js';
import { writeOutput } from './gate-command.js';
import { policySource, storeLocation } from './inputs.js';

import { CLI_NAMES } from '../contract/inputs.js';
export const PROMOTE_FLAGS: Command['options'] = {
  store: { type: 'string' },
  run: { type: 'string' },
  id: { type: 'string' },
  reason: { type: 'string' },
  baseline: { type: 'string' },
  policy: { type: 'string' },
  'set-pin': { type: 'boolean' },
  commit: { type: 'boolean' },
  json: { type: 'string' },
  'no-color': { type: 'boolean' },
};

function choice<T extends string>(values: FlagValues, name: string, allowed: readonly T[]): T | undefined {
  const value = stringFlag(values, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} "${value}": expected ${allowed.join(' or ')}`);
  return value as T;
}

function required(values: FlagValues, name: string, what: string): string {
  const value = stringFlag(values, name);
  if (value === undefined) throw new UsageError(`--${name} is required (${what})`);
  return value;
}

/** Who promotes, for baseline.json: the repository's git user, else the login name. */
async function promoter(cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const name = await GitRepo.at(cwd).configValue('user.name').catch(() => undefined);
  return name || env.USER || env.USERNAME || 'unknown';
}

function describe(outcome: Extract<LocalPromotionOutcome, { kind: 'done' }>, storeDisplay: string): string {
  const { plan } = outcome;
  const moved = plan.files.filter((f) => f.kind === 'moved').length;
  const from = `${storeDisplay}/${plan.sourceDir}`;
  const to = `${storeDisplay}/${plan.destinationDir}`;
  const lines = [`Promoted run ${plan.request.run} to ${plan.request.as === 'baseline' ? 'baseline' : `${plan.request.quality ?? 'silver'} reference`} ${plan.request.id}`];
  if (outcome.commit) {
    const c = outcome.commit;
    lines.push(c.operation === 'created'
      ? `  committed ${c.commit} on new branch ${c.branch} (based on ${outcome.baseName ?? 'HEAD'}); ${outcome.baseName ?? 'HEAD'} and your working tree are unchanged`
      : `  branch ${c.branch} already holds exactly this promotion (${c.commit.slice(0, 12)}): nothing to do`);
    lines.push(`  on ${c.branch}: ${from} removed, ${to} added`);
  } else {
    const w = outcome.workingTree;
    lines.push(plan.destination === 'identical' ? `  ${to} already held exactly these files: left as it is` : `  ${to}: ${plan.files.length} files written`);
    if (w?.removedRun) lines.push(`  ${from}: removed (promotion is one-way)`);
  }
  lines.push(`  ${moved} files moved unchanged (sha256 in manifest.json), README.md and promotion metadata in baseline.json`);
  if (plan.policyChange) lines.push(`  policy: ${plan.policyChange}`);
  return `${lines.join('\n')}\n`;
}

export interface PromoteOptions {
  as: 'baseline' | 'reference';
  reason: string;
  legacy?: boolean;
}

/** Shared by `promote` and the legacy `baseline-create`. */
export async function runLocalPromotion(values: FlagValues, io: CliIo, options: PromoteOptions, quality?: 'silver' | 'gold', task?: string): Promise<number> {
  const request: PromotionRequest = {
    run: required(values, 'run', 'the run id under <store>/runs/'),
    as: options.as,
    id: required(values, 'id', `the new ${options.as} id`),
    reason: options.reason,
    ...(quality === undefined ? {} : { quality }),
    ...(task === undefined ? {} : { task }),
    setPin: values['set-pin'] === true,
    names: CLI_NAMES,
  };
  const store = storeLocation(stringFlag(values, 'store'), io);
  const source = policySource(values, io, store);
  const policy = await readPolicy(source, CLI_NAMES);
  const policyFile = policyFileOf(source);
  const outcome = await promoteLocally({
    store, request, policy, policyFile: policyFile.path, policyDisplay: policyFile.display,
    baseline: stringFlag(values, 'baseline'), commit: values['commit'] === true,
    promotedBy: await promoter(store.root, io.env), now: new Date().toISOString(),
  });
  if (outcome.kind === 'already') {
    io.stdout(`run ${request.run} was already promoted to ${store.display}/${outcome.dir} (its baseline.json records it): nothing to do\n`);
    return EXIT.pass;
  }
  const json = stringFlag(values, 'json');
  // With `--json -` stdout carries the JSON alone; everything else goes to stderr.
  const toStdout = json === '-';
  if (json && outcome.report) await writeOutput(io, json, `${JSON.stringify(outcome.report, null, 2)}\n`);
  if (outcome.report && !toStdout) io.stdout(renderTerminal(outcome.report, { color: colorEnabled(io.env, io.isTty, values['no-color'] === true) }));
  if (outcome.kind === 'refused') {
    io.stderr(`promotion-gate ${options.legacy ? 'baseline-create' : 'promote'}: ${outcome.message}\n`);
    return EXIT.fail;
  }
  (toStdout ? io.stderr : io.stdout)(`\n${describe(outcome, store.display)}`);
  return EXIT.pass;
}

export const promoteCommand: Command = {
  name: 'promote',
  summary: 'Promote a run to a baseline or reference (README, metadata, manifest), locally or on a new branch.',
  usage: 'promote --store DIR --run ID --as baseline|reference --id NEW_ID --reason TEXT [--quality silver|gold] [--task TASK] [--baseline ID] [--policy FILE] [--set-pin] [--commit] [--json FILE]',
  help: [
    'Flags:',
    '  --store DIR        evaluation store root (default data/eval)',
    '  --run ID           the run to promote, at <store>/runs/ID (required)',
    '  --as ROLE          baseline (a comparison point that can block CI) or reference (truth, informational)',
    '  --id NEW_ID        the new id: <store>/baselines/NEW_ID, references/silver/NEW_ID or references/gold/<task>/NEW_ID',
    '  --reason TEXT      why (required; written into README.md, baseline.json and the commit)',
    '  --quality Q        references: silver (default) or gold',
    '  --task TASK        gold references: the task folder (default: detected from metrics.json or the predictions)',
    '  --baseline ID      compare with this baseline (default: config.yaml `baseline:`, then a policy pin; none is a cold start)',
    '  --policy FILE      policy file (default <store>/policy.yml)',
    '  --set-pin          baselines: also pin the new baseline in the policy for the run\'s dataset and task',
    '  --commit           commit on a new branch promote/NEW_ID instead of changing the working tree',
    '  --json FILE        write the gate report (promotion-gate/report@1); - writes it to stdout',
    '',
    'The functional and compliance gates must pass; performance against the current pin is reported.',
    'Promotion is one-way (the run leaves runs/); an existing destination is never overwritten.',
    'Exit codes: 0 promoted (or already promoted), 1 refused, 2 usage or configuration error.',
  ].join('\n'),
  options: { ...PROMOTE_FLAGS, as: { type: 'string' }, quality: { type: 'string' }, task: { type: 'string' } },
  async run(values, _positionals, io) {
    const as = choice(values, 'as', ['baseline', 'reference'] as const);
    if (as === undefined) throw new UsageError('--as is required: baseline or reference');
    const quality = choice(values, 'quality', ['silver', 'gold'] as const);
    return runLocalPromotion(values, io, { as, reason: required(values, 'reason', 'why this run is promoted') }, quality, stringFlag(values, 'task'));
  },
};
