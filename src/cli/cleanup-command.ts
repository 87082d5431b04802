/**
 * `promotion-gate cleanup`: the retention plan (DESIGN.md section 10). A dry run by default:
 * it prints the plan (entry, age, action, the rule that chose it or what kept it) and
 * changes nothing. `--apply` carries it out in the working tree (or, with `--commit`, on the
 * branch promotion-gate/cleanup), one event file per action; applying again is a no-op.
 */
import { UsageError } from '../contract/errors.js';
import { cleanupChange, planCleanup, readCleanup } from '../lifecycle/cleanup.js';
import { ChangeRefused } from '../lifecycle/errors.js';
import { oneLine, renderPlanTerminal } from '../lifecycle/render.js';
import { EXIT, stringFlag, type Command } from './command.js';
import { carryOut, lifecyclePolicy, lifecycleStore, localActor, nowFlag, writeJsonFile } from './lifecycle-flags.js';

export const cleanupCommand: Command = {
  name: 'cleanup',
  summary: 'Plan (or, with --apply, carry out) the retention policy: archive old runs, delete old archived runs.',
  usage: 'cleanup --store DIR [--apply [--commit]] [--now ISO-TIME] [--policy FILE] [--json FILE]',
  help: [
    'Flags:',
    '  --store DIR       evaluation store root (default data/eval)',
    '  --apply           carry the plan out (default: a dry run that changes nothing)',
    '  --commit          with --apply: commit on a new branch promotion-gate/cleanup instead of changing the working tree',
    '  --now TIME        plan as of this ISO 8601 time (default: now)',
    '  --policy FILE     policy file with the `retention` block (default <store>/policy.yml)',
    '  --json FILE       write the plan (promotion-gate/cleanup-plan@1)',
    '',
    'Rules (policy `retention`, all optional): keep_experimental N (the newest N runs stay),',
    'archive_after_days D (older runs move to runs/_archived/), delete_archived_after_days D',
    '(runs archived longer ago are deleted). Baselines and references are never touched, and',
    'nothing a pin, a config.yaml `baseline:`, an experiment arm or a rollout points to.',
    'Exit codes: 0 planned or applied, 1 refused, 2 bad input (a policy value, a malformed event file).',
  ].join('\n'),
  options: {
    store: { type: 'string' },
    apply: { type: 'boolean' },
    commit: { type: 'boolean' },
    now: { type: 'string' },
    policy: { type: 'string' },
    json: { type: 'string' },
  },
  async run(values, _positionals, io) {
    const store = lifecycleStore(values, io);
    const apply = values['apply'] === true;
    const commit = values['commit'] === true;
    if (commit && !apply) throw new UsageError('--commit needs --apply (a dry run changes nothing)');
    const now = nowFlag(values);
    const { policy } = await lifecyclePolicy(values, io, store);
    const reading = await readCleanup(store, policy);
    const plan = planCleanup(reading, policy, now);
    const json = stringFlag(values, 'json');
    if (json) await writeJsonFile(io, json, { ...plan, notes: reading.notes });
    for (const note of reading.notes) io.stderr(`promotion-gate cleanup: note: ${oneLine(note)}\n`);
    const actionable = plan.counts.archive + plan.counts.delete;
    const mode = !apply ? 'dry run: nothing changed' : actionable === 0 ? 'nothing to do' : commit ? 'applied on a new branch' : 'applied';
    io.stdout(renderPlanTerminal(plan, store.display, mode));
    if (!apply) {
      if (actionable > 0) io.stdout('Run with --apply to carry it out.\n');
      return EXIT.pass;
    }
    if (actionable === 0) return EXIT.pass;
    const change = cleanupChange(plan, { actor: await localActor(store.root, io.env), at: plan.now });
    try {
      const lines = await carryOut(store, change, commit);
      io.stdout(`${lines.map((l) => `  ${l}`).join('\n')}\n`);
      return EXIT.pass;
    } catch (error) {
      if (error instanceof ChangeRefused) {
        io.stderr(`promotion-gate cleanup: ${error.message}\n`);
        return EXIT.fail;
      }
      throw error;
    }
  },
};
