/**
 * `command: rollout` (for `schedule`): for each running rollout of the checkout, decide from
 * its telemetry and open or update one pull request on `rollout/<id>` with the decision and
 * its numbers (src/rollout/github-sync.ts). A rollback first puts the registry back (it is
 * protective and must not wait), then, with `auto-merge: rollback`, its pull request is merged
 * at once. Closed rollouts are reconciled with the registry on every run, so a merged
 * promotion moves the MLflow alias on the next run and a failed registry call converges.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../contract/errors.js';
import type { StoreLocation } from '../store/location.js';
import type { GitHubClient } from '../github/client.js';
import { previousDecisionTime, syncRolloutOnGitHub, type RolloutSyncResult } from '../rollout/github-sync.js';
import { readStoreEntries } from '../lifecycle/read-entries.js';
import { MlflowRegistry, mlflowOptionsFromEnv } from '../registry/mlflow.js';
import { registryOps } from '../rollout/registry-ops.js';
import { planRolloutApply } from '../rollout/apply.js';
import type { RolloutDecision } from '../rollout/decide.js';
import { readRollout, ROLLOUTS_DIR, type LoadedRollout } from '../rollout/load.js';
import { decisionMarkdown } from '../rollout/markdown.js';
import { decideRollout } from '../rollout/run.js';
import { hashTelemetry, TelemetryError } from '../rollout/telemetry.js';
import { readTextInStore } from '../store/read.js';
import { isValidId } from '../store/ids.js';
import type { ActionDeps } from './deps.js';
import { baseBranchOf } from './promote-action.js';
import type { ActionSettings, ResolvedInputs } from './settings.js';

interface RolloutOutcome {
  id: string;
  decision?: RolloutDecision;
  sync?: RolloutSyncResult;
  error?: string;
}

async function rolloutIds(store: StoreLocation, settings: ActionSettings): Promise<string[]> {
  if (settings.rollout) return [settings.rollout];
  const dir = join(store.root, ROLLOUTS_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.yml') && isValidId(n.slice(0, -4))).map((n) => n.slice(0, -4)).sort();
}

/** The telemetry file of a rollout: the input itself (a file), or <id>.jsonl / <id>.csv in it (a folder). */
async function telemetryFor(workspace: string, input: string | undefined, id: string, count: number): Promise<{ path: string; display: string }> {
  if (input === undefined) throw new UsageError('input telemetry is required for command: rollout (a JSONL or CSV file, or a folder of <rollout id>.jsonl files)');
  const path = resolve(workspace, input);
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) {
    for (const ext of ['jsonl', 'csv']) {
      const candidate = join(path, `${id}.${ext}`);
      if (await stat(candidate).then((s) => s.isFile(), () => false)) return { path: candidate, display: `${input.replace(/\/+$/, '')}/${id}.${ext}` };
    }
    return { path: join(path, `${id}.jsonl`), display: `${input.replace(/\/+$/, '')}/${id}.jsonl` };
  }
  if (count > 1) throw new UsageError(`input telemetry: ${input} is one file, but ${count} rollouts are running; give a folder with <rollout id>.jsonl per rollout, or set input rollout`);
  return { path, display: input };
}

function registryClient(deps: ActionDeps): MlflowRegistry {
  const options = mlflowOptionsFromEnv(deps.env);
  if (options.token) deps.core.setSecret(options.token);
  return new MlflowRegistry({ ...options, log: (m) => deps.core.info(m) });
}

/** Closed rollouts on the checkout: make the registry match them (idempotent: only reads when in step). */
async function reconcile(store: StoreLocation, ids: string[], deps: ActionDeps): Promise<string[]> {
  const running: string[] = [];
  for (const id of ids) {
    const loaded = await readRollout(store, id, 'input rollout');
    const { rollout } = loaded;
    if (rollout.state.status === 'running') {
      running.push(id);
      continue;
    }
    const ops = registryOps(rollout.registry, rollout.state.status === 'promoted' ? 'promote' : 'rollback');
    if (ops.length === 0) continue;
    const done = await registryClient(deps).sync(ops);
    for (const line of done) deps.core.info(`rollout ${id} (${rollout.state.status}): registry ${line}`);
  }
  return running;
}

async function decideAndSync(id: string, loaded: LoadedRollout, store: StoreLocation, storePath: string, settings: ActionSettings, deps: ActionDeps, client: GitHubClient, baseBranch: string, count: number): Promise<RolloutOutcome> {
  const { context, core } = deps;
  const telemetry = await telemetryFor(context.workspace, settings.telemetry, id, count);
  const sha = await hashTelemetry(telemetry.path, telemetry.display).catch((error: unknown) => {
    if (error instanceof TelemetryError) return undefined;
    throw error;
  });
  // A re-run on the same telemetry re-makes the decision already on the branch, byte for byte.
  const earlier = await previousDecisionTime(client, context.repository, id, loaded.text, sha);
  const { decision } = await decideRollout({ store, id, telemetry: telemetry.path, telemetryDisplay: telemetry.display, ...(earlier ? { now: earlier } : {}), ...(sha ? { sha256: sha } : {}), flags: { rollout: 'input rollout', now: 'now' } });
  const policyRel = 'policy.yml';
  const policyText = await readTextInStore({ path: store.root, display: store.display }, policyRel, 1024 * 1024).catch(() => undefined);
  const outcome = planRolloutApply({
    loaded, decision: JSON.parse(JSON.stringify(decision)) as unknown, decisionDisplay: `decision of ${id}`,
    entries: await readStoreEntries(store),
    ...(policyText !== undefined ? { policy: { text: policyText, display: `${store.display}/${policyRel}` } } : {}),
    actor: deps.env['GITHUB_ACTOR'] || 'github-actions',
    ...(context.runId ? { workflowRunUrl: `${context.serverUrl}/${context.repository.owner}/${context.repository.repo}/actions/runs/${context.runId}` } : {}),
  });
  if (outcome.kind === 'already') return { id, decision };
  const { plan } = outcome;
  // A rollback is protective: the registry goes back first, and nothing is written if it fails (T5).
  if (decision.decision === 'rollback' && plan.registry.length > 0) {
    for (const line of await registryClient(deps).sync(plan.registry)) core.info(`rollout ${id}: registry ${line}`);
  }
  const sync = await syncRolloutOnGitHub({
    client, repo: context.repository, baseBranch, storePath, rolloutText: loaded.text, plan,
    policyPath: storePath === '' ? policyRel : `${storePath}/${policyRel}`,
    merge: settings.autoMerge === 'rollback' && decision.decision === 'rollback',
    log: (m) => core.info(m),
  });
  return { id, decision, sync };
}

export async function runRolloutAction(settings: ActionSettings, inputs: ResolvedInputs, deps: ActionDeps): Promise<void> {
  const { core, context } = deps;
  if (!settings.githubToken) throw new UsageError('input github-token is required for command: rollout (contents: write, pull-requests: write)');
  const { store, storePath } = inputs;
  const client = deps.github(settings.githubToken);
  const ids = await rolloutIds(store, settings);
  if (ids.length === 0) {
    core.info(`no rollout files under ${store.display}/${ROLLOUTS_DIR}: nothing to decide`);
    core.setOutput('rollout-state', '{}');
    return;
  }
  const running = await reconcile(store, ids, deps);
  const baseBranch = await baseBranchOf(context, client);
  const outcomes: RolloutOutcome[] = [];
  for (const id of running) {
    try {
      const loaded = await readRollout(store, id, 'input rollout');
      outcomes.push(await decideAndSync(id, loaded, store, storePath, settings, deps, client, baseBranch, running.length));
    } catch (error) {
      outcomes.push({ id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  const state: Record<string, unknown> = {};
  const summary: string[] = [];
  for (const o of outcomes) {
    if (o.decision) {
      const d = o.decision;
      state[o.id] = {
        decision: d.decision, stage: d.to.stage, status: d.to.status, allocation: d.to.allocation,
        ...(o.sync?.pullRequestUrl ? { pull_request_url: o.sync.pullRequestUrl } : {}),
        operation: o.sync?.operation ?? 'unchanged', merged: o.sync?.merged ?? false,
      };
      summary.push(decisionMarkdown(d), o.sync?.pullRequestUrl ? `Pull request: ${o.sync.pullRequestUrl} (${o.sync.operation}${o.sync.merged ? ', merged' : ''})\n` : '');
      core.info(`rollout ${o.id}: ${d.decision} (challenger ${d.to.allocation.challenger}); ${o.sync ? `pull request ${o.sync.operation}` : 'already applied'}`);
    } else {
      state[o.id] = { error: o.error };
      core.error(`rollout ${o.id}: ${o.error ?? 'failed'}`);
    }
  }
  const decided = outcomes.filter((o) => o.decision);
  const single = outcomes.length === 1 ? decided[0] : undefined;
  core.setOutput('decision', single ? single.decision!.decision : decided.map((o) => `${o.id}=${o.decision!.decision}`).join(','));
  core.setOutput('allocation', single ? String(single.decision!.to.allocation.challenger) : decided.map((o) => `${o.id}=${o.decision!.to.allocation.challenger}`).join(','));
  core.setOutput('rollout-state', JSON.stringify(state));
  if (single?.sync?.pullRequestUrl) core.setOutput('pull-request-url', single.sync.pullRequestUrl);
  if (single?.sync) core.setOutput('pull-request-operation', single.sync.operation);
  await core.writeSummary(summary.join('\n')).catch(() => undefined);
  const failed = outcomes.filter((o) => o.error);
  if (failed.length > 0) throw new Error(`${failed.length} rollout(s) failed: ${failed.map((o) => `${o.id}: ${o.error ?? ''}`).join('; ')}`);
}

