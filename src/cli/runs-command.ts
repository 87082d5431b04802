/**
 * `promotion-gate runs`: every entry of the store with its lifecycle status, prompt, model,
 * dataset, creation time, items, tokens and cost, experiment and tags (DESIGN.md section 9).
 */
import { renderRunsTerminal } from '../compare/render-runs.js';
import { listRuns } from '../compare/runs.js';
import { EXIT, stringFlag, type Command } from './command.js';
import { writeOutput } from './gate-command.js';
import { storeLocation } from './inputs.js';

export const runsCommand: Command = {
  name: 'runs',
  summary: 'List every run, baseline, reference and archived entry with its status and what it records.',
  usage: 'runs [--store DIR] [--status S] [--experiment EXP] [--json FILE]',
  help: [
    'Flags:',
    '  --store DIR        evaluation store root (default data/eval)',
    '  --status S         only entries with this status: experimental, baseline, reference, archived',
    '  --experiment EXP   only the entries of this experiment (run create --experiment)',
    '  --json FILE        write promotion-gate/runs@1 (use - for stdout)',
    '',
    'Exit codes: 0 listed, 2 usage error.',
  ].join('\n'),
  options: {
    store: { type: 'string' },
    status: { type: 'string' },
    experiment: { type: 'string' },
    json: { type: 'string' },
  },
  async run(values, _positionals, io) {
    const runs = await listRuns({ store: storeLocation(stringFlag(values, 'store'), io), status: stringFlag(values, 'status'), experiment: stringFlag(values, 'experiment') });
    const json = stringFlag(values, 'json');
    if (json) await writeOutput(io, json, `${JSON.stringify(runs, null, 2)}\n`);
    if (json !== '-') io.stdout(renderRunsTerminal(runs));
    return EXIT.pass;
  },
};
