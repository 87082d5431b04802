/**
 * `promotion-gate fingerprint --run DIR`: provenance for a run produced elsewhere. Writes
 * fingerprint.json, or completes an existing one (recorded fields are never overwritten,
 * unknown fields are kept), saves the prompt bundle, and seals the folder (manifest.json).
 */
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../contract/errors.js';
import { fingerprintDataset, fingerprintSchema, FINGERPRINT_FILE } from '../artifacts/fingerprint.js';
import { CLI_NAMES } from '../contract/inputs.js';
import { readPolicy } from '../policy/read.js';
import { validateId } from '../store/ids.js';
import { fingerprintRun } from '../capture/fingerprint-run.js';
import { printable, summarizeFingerprint } from '../capture/fingerprint-summary.js';
import { repositoryRoot } from '../capture/git-state.js';
import { PROMPT_BUNDLE_FILE } from '../provenance/prompt-bundle.js';
import { locateRun } from '../store/run-location.js';
import { assertSealIntact, writeSeal } from '../provenance/seal/seal.js';
import { readOptionalJson, runPath } from '../store/run-files.js';
import { EXIT, stringFlag, type Command } from './command.js';

export const fingerprintCommand: Command = {
  name: 'fingerprint',
  summary: 'Write or complete fingerprint.json of a run produced elsewhere, and seal it.',
  usage: 'fingerprint --run DIR [--store DIR] [--dataset-id DS] [--artifact-type TYPE] [--id-field NAME]',
  help: [
    'Records where a run came from: git commit, branch, dirty flag and dirty paths of the',
    'repository in the current folder, timestamp, tool version, environment (OS, Node,',
    'Python), config_hash and model fields of DIR/config.yaml, the dataset fingerprint of',
    'DIR/predictions.jsonl, and the prompt bundle (DIR/prompts.json, else the config\'s',
    '`prompts:`) with its prompt_hash. An existing fingerprint.json is completed: fields it',
    'records are kept as they are and the added ones are listed under `completed`.',
    'Then manifest.json (sha256 and size of every file) is written.',
    '',
    'Flags:',
    '  --run DIR             the run folder (required)',
    '  --store DIR           the store DIR belongs to (links inside it are followed; its',
    '                        policy sets the id field)',
    '  --dataset-id DS       the dataset id, when no artifact names it',
    '  --artifact-type TYPE  evaluation (default), training_data, model, ...',
    '  --id-field NAME       the item id field of predictions.jsonl (default: auto-detect)',
    '',
    'Exit codes: 0 written (or already complete), 2 usage error.',
  ].join('\n'),
  options: {
    run: { type: 'string' },
    store: { type: 'string' },
    'dataset-id': { type: 'string' },
    'artifact-type': { type: 'string' },
    'id-field': { type: 'string' },
  },
  async run(values, _positionals, io) {
    const dir = stringFlag(values, 'run');
    if (!dir) throw new UsageError('--run is required (the run folder to fingerprint)');
    const storeFlag = stringFlag(values, 'store');
    const run = await locateRun(dir, storeFlag, io.cwd, '--run');
    const datasetId = stringFlag(values, 'dataset-id');
    if (datasetId !== undefined) validateId('dataset', datasetId, '--dataset-id');
    const artifactType = stringFlag(values, 'artifact-type') ?? 'evaluation';
    if (!/^[a-z][a-z0-9_-]{0,63}$/.test(artifactType)) throw new UsageError(`--artifact-type "${printable(artifactType)}": expected a lowercase word such as evaluation`);
    const policyIdField = storeFlag ? (await readPolicy({ store: run.location }, CLI_NAMES)).policy.predictions.id_field : 'auto';

    const existing = fingerprintSchema.safeParse(await readOptionalJson(run.location, runPath(run.relDir, FINGERPRINT_FILE), 64 * 1024 * 1024));
    const recordedDataset = existing.success && existing.data ? fingerprintDataset(existing.data) : undefined;
    if (datasetId && recordedDataset && recordedDataset !== datasetId) {
      throw new UsageError(`--dataset-id ${datasetId} conflicts with ${run.display}/${FINGERPRINT_FILE}, which records dataset ${JSON.stringify(recordedDataset)}`);
    }
    await assertSealIntact(run.location, run.relDir, run.display, [FINGERPRINT_FILE, PROMPT_BUNDLE_FILE]);
    // The run's own folder, and the runs/ folder around it, are outputs: not a dirty tree.
    const exclude = [run.absDir, ...(basename(dirname(run.absDir)) === 'runs' ? [dirname(run.absDir)] : []), ...(storeFlag ? [join(run.location.root, 'runs')] : [])];
    const result = await fingerprintRun({
      location: run.location,
      relDir: run.relDir,
      repoCwd: io.cwd,
      repoRoot: (await repositoryRoot(io.cwd)) ?? io.cwd,
      excludeFromDirty: exclude,
      datasetId,
      artifactType,
      idField: stringFlag(values, 'id-field') ?? policyIdField,
    });
    await writeSeal(run.location, run.relDir, run.absDir);
    const what = result.created
      ? `${FINGERPRINT_FILE} written`
      : result.added.length > 0
        ? `${FINGERPRINT_FILE} completed: added ${result.added.join(', ')}`
        : `${FINGERPRINT_FILE} already complete: nothing added`;
    const lines = summarizeFingerprint(result.fingerprint);
    io.stdout(`${printable(run.display)}: ${what}; manifest.json written\n${lines.map((line) => `${line}\n`).join('')}`);
    return EXIT.pass;
  },
};
