/**
 * `promotion-gate rollout decide|apply|schema` (DESIGN.md section 11). `decide` always exits 0
 * with a decision (bad telemetry is a `hold` naming the problem); a bad rollout file, flag or
 * store is exit 2. `apply` writes the next state (registry first, state last); a registry
 * failure is exit 1 with nothing written to the state.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../contract/errors.js';
import { readStoreEntries } from '../lifecycle/read-entries.js';
import { parseStrictJson } from '../parse/json.js';
import { RegistryError } from '../registry/mlflow.js';
import { planRolloutApply } from '../rollout/apply.js';
import { readRollout } from '../rollout/load.js';
import { decisionMarkdown, decisionTitle } from '../rollout/markdown.js';
import { applyRolloutLocally, decideRollout, registryFor } from '../rollout/run.js';
import { rolloutJsonSchema } from '../rollout/schema.js';
import { readTextInStore } from '../store/read.js';
import { printable } from '../capture/fingerprint-summary.js';
import { EXIT, stringFlag, type CliIo, type Command, type FlagValues } from './command.js';
import { storeLocation } from './inputs.js';

function required(values: FlagValues, name: string, what: string): string {
  const value = stringFlag(values, name);
  if (value === undefined) throw new UsageError(`--${name} is required (${what})`);
  return value;
}

function actor(env: NodeJS.ProcessEnv): string {
  return env['GITHUB_ACTOR'] || env['USER'] || env['USERNAME'] || 'unknown';
}

async function runDecide(values: FlagValues, io: CliIo): Promise<number> {
  const store = storeLocation(stringFlag(values, 'store'), io);
  const id = required(values, 'rollout', 'the rollout id: <store>/rollouts/<id>.yml');
  const telemetryFlag = required(values, 'telemetry', 'the telemetry file, JSONL or CSV');
  const now = stringFlag(values, 'now');
  const { decision } = await decideRollout({
    store, id, telemetry: resolve(io.cwd, telemetryFlag), telemetryDisplay: telemetryFlag,
    ...(now !== undefined ? { now } : {}), flags: { rollout: '--rollout', now: '--now' },
  });
  const json = stringFlag(values, 'json');
  if (json) await writeFile(resolve(io.cwd, json), `${JSON.stringify(decision, null, 2)}\n`);
  const markdown = stringFlag(values, 'markdown');
  if (markdown) await writeFile(resolve(io.cwd, markdown), decisionMarkdown(decision));
  io.stdout(`${printable(decisionTitle(decision))}\n${decision.reasons.map((r) => `  - ${printable(r)}\n`).join('')}`);
  return EXIT.pass;
}

async function runApply(values: FlagValues, io: CliIo): Promise<number> {
  const store = storeLocation(stringFlag(values, 'store'), io);
  const id = required(values, 'rollout', 'the rollout id: <store>/rollouts/<id>.yml');
  const decisionFlag = required(values, 'decision', 'the JSON written by `rollout decide --json`');
  const loaded = await readRollout(store, id);
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, decisionFlag), 'utf8');
  } catch {
    throw new UsageError(`--decision: cannot read ${decisionFlag}`);
  }
  let value: unknown;
  try {
    value = parseStrictJson(text, decisionFlag);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const policyText = await readTextInStore({ path: store.root, display: store.display }, 'policy.yml', 1024 * 1024).catch(() => undefined);
  const outcome = planRolloutApply({
    loaded, decision: value, decisionDisplay: decisionFlag,
    entries: await readStoreEntries(store),
    ...(policyText !== undefined ? { policy: { text: policyText, display: `${store.display}/policy.yml` } } : {}),
    actor: actor(io.env),
  });
  if (outcome.kind === 'already') {
    io.stdout(`${printable(outcome.message)}\n`);
    return EXIT.pass;
  }
  const { plan } = outcome;
  try {
    const result = await applyRolloutLocally(store, plan, registryFor(plan, io.env, { log: (m) => io.stderr(`${printable(m)}\n`) }));
    io.stdout(
      [
        printable(plan.title),
        ...result.registry.map((r) => `  registry: ${printable(r)}`),
        ...result.policy.map((p) => `  policy: ${printable(p)}`),
        ...(result.moved > 0 ? [`  archived the champion ${loaded.rollout.champion}`] : []),
        `  ${result.events} event file(s) under ${store.display}/events`,
        `  wrote ${loaded.display}`,
        '',
      ].join('\n'),
    );
    return EXIT.pass;
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    io.stderr(`promotion-gate rollout: registry call failed, nothing was written: ${printable(error.message)}\n`);
    return EXIT.fail;
  }
}

export const rolloutCommand: Command = {
  name: 'rollout',
  summary: 'Staged rollouts: decide from telemetry, apply the decision, print the file\'s JSON Schema.',
  usage: 'rollout decide --store DIR --rollout ID --telemetry FILE [--now ISO-TIME] [--json FILE] [--markdown FILE]\n       promotion-gate rollout apply --store DIR --rollout ID --decision FILE\n       promotion-gate rollout schema',
  help: [
    'decide: reads <store>/rollouts/<ID>.yml and the stage\'s telemetry (JSONL or CSV: unit rows with',
    '  arm, at and metric values, or daily aggregates with arm, day, n, <metric>.sum/.sum_sq/.count)',
    '  and answers rollback, hold, wait, increase or promote with every number (exit 0 whatever the',
    '  decision; invalid telemetry is a hold naming the problem).',
    'apply: writes the decision: the next state, an event, and on promote the champion archived,',
    '  the policy pins moved and the rollout closed; with registry.kind mlflow it first moves the',
    '  registry (MLFLOW_TRACKING_URI, MLFLOW_TRACKING_TOKEN). Exit 1 if the registry call fails.',
    'schema: prints the rollout file\'s JSON Schema (schema/rollout.schema.json).',
    '',
    'Flags:',
    '  --store DIR        the evaluation store (default data/eval)',
    '  --rollout ID       the rollout id',
    '  --telemetry FILE   telemetry of the current stage (.csv for CSV, anything else is JSONL)',
    '  --now ISO-TIME     the decision time (default: now; the last decision\'s time on the same telemetry)',
    '  --json FILE        write the decision (promotion-gate/rollout-decision@1)',
    '  --markdown FILE    write the decision as Markdown (the pull request body)',
    '  --decision FILE    for apply: the decision JSON',
  ].join('\n'),
  options: {
    store: { type: 'string' },
    rollout: { type: 'string' },
    telemetry: { type: 'string' },
    now: { type: 'string' },
    json: { type: 'string' },
    markdown: { type: 'string' },
    decision: { type: 'string' },
  },
  allowPositionals: true,
  async run(values, positionals, io) {
    const [sub, ...rest] = positionals;
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    if (sub === 'decide') return runDecide(values, io);
    if (sub === 'apply') return runApply(values, io);
    if (sub === 'schema') {
      io.stdout(`${JSON.stringify(rolloutJsonSchema(), null, 2)}\n`);
      return EXIT.pass;
    }
    throw new UsageError(sub === undefined ? 'missing subcommand: decide, apply or schema' : `unknown subcommand "${sub}" (decide, apply or schema)`);
  },
};
