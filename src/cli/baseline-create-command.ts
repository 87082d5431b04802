/**
 * `promotion-gate baseline-create` (legacy): the seed project's one-step "make this run the
 * baseline". Kept for existing scripts; it is `promote --as baseline` with a default reason.
 * New workflows should review a run and then `promote` it explicitly.
 */
import { stringFlag, type Command } from './command.js';
import { PROMOTE_FLAGS, runLocalPromotion } from './promote-command.js';

export const LEGACY_REASON = 'Created with the legacy baseline-create command';

export const baselineCreateCommand: Command = {
  name: 'baseline-create',
  summary: 'Legacy: promote an existing run straight to a baseline (prefer `promote --as baseline`).',
  usage: 'baseline-create --store DIR --run ID --id BASELINE_ID [--reason TEXT] [--baseline ID] [--policy FILE] [--set-pin] [--commit] [--json FILE]',
  help: [
    'Legacy, kept for scripts written for the seed project\'s `make baseline-create`.',
    'Same as `promote --as baseline`, with a default reason; the same gates and rules apply.',
    '',
    'Flags:',
    '  --store DIR        evaluation store root (default data/eval)',
    '  --run ID           the existing run, at <store>/runs/ID (required)',
    '  --id BASELINE_ID   the new baseline id (required)',
    `  --reason TEXT      why (default: "${LEGACY_REASON}")`,
    '  --baseline, --policy, --set-pin, --commit, --json: as for `promote`',
  ].join('\n'),
  options: PROMOTE_FLAGS,
  async run(values, _positionals, io) {
    io.stderr('promotion-gate baseline-create: note: this command is legacy; prefer `promotion-gate promote --as baseline --reason ...`\n');
    return runLocalPromotion(values, io, { as: 'baseline', reason: stringFlag(values, 'reason') ?? LEGACY_REASON, legacy: true });
  },
};
