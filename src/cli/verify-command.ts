/**
 * `promotion-gate verify DIR`: is this run (or promoted folder) still exactly what was
 * recorded? Names every changed, missing or extra file; exit 1 on any difference.
 */
import { UsageError } from '../contract/errors.js';
import { printable } from '../capture/fingerprint-summary.js';
import { locateRun } from '../store/run-location.js';
import { verifyRun } from '../provenance/checks/verify.js';
import { EXIT, stringFlag, type Command } from './command.js';

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Re-check a run or promoted folder against its manifest and fingerprint.',
  usage: 'verify DIR [--store DIR]',
  help: [
    'Compares every file of DIR with manifest.json (sha256 and size) and re-checks the',
    'fingerprint: the prompt bundle hashes to prompt_hash, config.yaml to config_hash, and',
    'the items of predictions.jsonl to the dataset fingerprint. Each difference is printed',
    'as `changed:`, `missing:`, `extra:`, `unreadable:` or `fingerprint:` with the file name.',
    'A folder promoted by promotion-gate is covered byte for byte, baseline.json\'s audit',
    'fields (reason, promoted_by, gate_report_sha256, ...) included. Only a manifest written',
    'before the promotion (by `run create`) lets README.md and the promotion fields of',
    'baseline.json differ, and then says so: it cannot cover them.',
    '',
    'Flags:',
    '  --store DIR   the store DIR belongs to: symbolic links inside the store are then',
    '                followed (by default nothing outside DIR is read)',
    '  --no-color    plain output (verify never colours its output; accepted for symmetry)',
    '',
    'Exit codes: 0 everything matches, 1 a difference was found, 2 usage error.',
  ].join('\n'),
  options: { store: { type: 'string' }, 'no-color': { type: 'boolean' } },
  allowPositionals: true,
  async run(values, positionals, io) {
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing DIR: the run or promoted folder to verify' : 'verify takes one DIR');
    const dir = positionals[0]!;
    const run = await locateRun(dir, stringFlag(values, 'store'), io.cwd, 'verify');
    const result = await verifyRun(run.location, run.relDir, run.display);
    for (const line of result.differences) io.stdout(`${printable(line)}\n`);
    if (result.differences.length > 0) {
      io.stdout(`verify ${printable(run.display)}: ${result.differences.length} difference(s)\n`);
      return EXIT.fail;
    }
    io.stdout(`verify ${printable(run.display)}: OK\n${result.notes.map((n) => `  ${printable(n)}\n`).join('')}`);
    return EXIT.pass;
  },
};
