/**
 * `promotion-gate archive ID --reason TEXT` and `promotion-gate restore ID`: move an entry
 * to or from `_archived/` inside the store, with its event, in the working tree or
 * (`--commit`) as one commit on a new branch archive/<id> or restore/<id>.
 */
import { UsageError } from '../contract/errors.js';
import { entriesAtBase, openRepo } from '../lifecycle/apply-commit.js';
import { planArchive, planRestore, type LifecycleOutcome, type LifecycleRequest } from '../lifecycle/archive.js';
import { ChangeRefused } from '../lifecycle/errors.js';
import { readEventLog, requireCleanLog } from '../store/event-log.js';
import { readStoreEntries } from '../lifecycle/read-entries.js';
import type { StoreEntry } from '../store/status.js';
import { EXIT, stringFlag, type CliIo, type Command, type FlagValues } from './command.js';
import { carryOut, lifecyclePolicy, lifecycleStore, localActor } from './lifecycle-flags.js';

const FLAGS: Command['options'] = {
  store: { type: 'string' },
  reason: { type: 'string' },
  policy: { type: 'string' },
  commit: { type: 'boolean' },
};

function oneName(positionals: string[], command: string): string {
  if (positionals.length !== 1 || positionals[0] === undefined) {
    throw new UsageError(`expected exactly one ID (an id, or a path such as baselines/<id>): promotion-gate ${command} --store DIR ID${command === 'archive' ? ' --reason TEXT' : ''}`);
  }
  return positionals[0];
}

async function run(command: 'archive' | 'restore', values: FlagValues, positionals: string[], io: CliIo): Promise<number> {
  const name = oneName(positionals, command);
  const store = lifecycleStore(values, io);
  const commit = values['commit'] === true;
  const log = await readEventLog(store);
  requireCleanLog(log);
  const entries: StoreEntry[] = commit ? await entriesAtBase(await openRepo(store)) : await readStoreEntries(store);
  const reason = stringFlag(values, 'reason');
  const request: LifecycleRequest = {
    name, actor: await localActor(store.root, io.env), now: new Date().toISOString(), names: { id: 'ID', reason: '--reason' },
    ...(reason === undefined ? {} : { reason }),
  };
  let outcome: LifecycleOutcome;
  if (command === 'archive') {
    const policy = await lifecyclePolicy(values, io, store);
    outcome = planArchive(entries, request, policy.policy.pins, log.events.map((e) => e.event));
  } else {
    outcome = planRestore(entries, log.events.map((e) => e.event), request);
  }
  if (outcome.kind === 'nothing') {
    io.stdout(`${outcome.message}\n`);
    return EXIT.pass;
  }
  for (const warning of outcome.warnings) io.stderr(`promotion-gate ${command}: warning: ${warning}\n`);
  try {
    const lines = await carryOut(store, outcome.change, commit);
    const verb = command === 'archive' ? 'Archived' : 'Restored';
    io.stdout(`${verb} ${outcome.entry.kind} ${outcome.entry.id}: ${store.display}/${outcome.entry.path} -> ${store.display}/${outcome.to}\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
    return EXIT.pass;
  } catch (error) {
    if (error instanceof ChangeRefused) {
      io.stderr(`promotion-gate ${command}: ${error.message}\n`);
      return EXIT.fail;
    }
    throw error;
  }
}

export const archiveCommand: Command = {
  name: 'archive',
  summary: 'Archive a run or baseline (kept, restorable, no longer compared), with its event.',
  usage: 'archive --store DIR ID --reason TEXT [--policy FILE] [--commit]',
  help: [
    'Flags:',
    '  --store DIR     evaluation store root (default data/eval)',
    '  ID              the entry: an id, or a path such as runs/<id> or baselines/<id> when the id is in both',
    '  --reason TEXT   why (required; written into the event and the commit)',
    '  --policy FILE   policy file, to warn when a pin still names the baseline (default <store>/policy.yml)',
    '  --commit        commit on a new branch archive/<id> instead of changing the working tree',
    '',
    'runs/<id> moves to runs/_archived/<id>, baselines/<id> to baselines/_archived/<id>; references are never archived.',
    'An event file is written under <store>/events/. Exit codes: 0 done (or already archived), 1 refused, 2 bad input.',
  ].join('\n'),
  options: FLAGS,
  allowPositionals: true,
  run: (values, positionals, io) => run('archive', values, positionals, io),
};

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'Restore an archived run or baseline to where it was, with its event.',
  usage: 'restore --store DIR ID [--reason TEXT] [--commit]',
  help: [
    'Flags:',
    '  --store DIR     evaluation store root (default data/eval)',
    '  ID              the archived entry: an id, or a path such as runs/_archived/<id>',
    '  --reason TEXT   why (optional; written into the event)',
    '  --commit        commit on a new branch restore/<id> instead of changing the working tree',
    '',
    'Never restores onto an existing entry. Exit codes: 0 done, 1 refused, 2 bad input.',
  ].join('\n'),
  options: FLAGS,
  allowPositionals: true,
  run: (values, positionals, io) => run('restore', values, positionals, io),
};
