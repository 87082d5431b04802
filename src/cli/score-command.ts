/**
 * `promotion-gate score --store DIR --run ID --reference REF`: the run's standing against a
 * silver or gold reference, computed here (src/score/) and written to `scores/<REF>.json` in
 * the run, where the gate's references section finds it.
 */
import { ArtifactError, UsageError } from '../contract/errors.js';
import { readPolicy } from '../policy/read.js';
import { CLI_NAMES } from '../contract/inputs.js';
import type { EntityAggregate, ModeAggregate, TextScores } from '../score/compute.js';
import { scoreRun } from '../score/score-run.js';
import { printable } from '../capture/fingerprint-summary.js';
import { EXIT, stringFlag, type Command } from './command.js';
import { policySource, storeLocation } from './inputs.js';

const fixed = (value: number): string => value.toFixed(4);

function textLines(aggregate: TextScores): string[] {
  return [
    `  exact_match  ${fixed(aggregate.exact_match)}`,
    `  token_f1     ${fixed(aggregate.token_f1)}`,
    `  rougeL       P ${fixed(aggregate.rougeL_precision)}  R ${fixed(aggregate.rougeL_recall)}  F1 ${fixed(aggregate.rougeL_f1)}`,
  ];
}

function entityLines(aggregate: EntityAggregate): string[] {
  const line = (name: string, mode: ModeAggregate | null): string =>
    mode === null
      ? `  ${name.padEnd(8)} not computed (see notes)`
      : `  ${name.padEnd(8)} P ${fixed(mode.precision)}  R ${fixed(mode.recall)}  F1 ${fixed(mode.f1)}  (tp ${mode.tp}, fp ${mode.fp}, fn ${mode.fn})`;
  return [
    line('exact', aggregate.exact),
    line('overlap', aggregate.overlap),
    line('set', aggregate.set),
    `  entities predicted ${aggregate.entities_predicted}, in the reference ${aggregate.entities_reference}, ignored (label out of scope) ${aggregate.ignored}`,
  ];
}

export const scoreCommand: Command = {
  name: 'score',
  summary: 'Score a run against a silver or gold reference (exact match, token F1, ROUGE-L; entity P/R/F1).',
  usage: 'score --store DIR --run ID --reference REF [--field PATH] [--policy FILE]',
  help: [
    'Compares every item of the reference with the run\'s prediction of the same id and writes',
    'per-item and aggregate scores to <store>/runs/ID/scores/REF.json. Text outputs get exact',
    'match and token F1 (SQuAD\'s definitions) and ROUGE-L (as rouge-score computes it, without',
    'stemming); entity outputs get precision, recall and F1 under exact, overlap and set matching.',
    'The gate shows these in its references section when metrics.json has no vs_reference.REF.',
    '',
    'Flags:',
    '  --store DIR        evaluation store root (default data/eval)',
    '  --run ID           the run, at <store>/runs/ID (required)',
    '  --reference REF    the reference id, at references/silver/REF or references/gold/<task>/REF (required)',
    '  --field PATH       dot path of the content in each item (default: output.entities, entities,',
    '                     output, or output.summary_final, summary, text, answer, ...)',
    '  --policy FILE      policy file, for predictions.id_field (default <store>/policy.yml)',
    '',
    'Exit codes: 0 scored and written, 2 usage error or unreadable input (nothing written).',
  ].join('\n'),
  options: {
    store: { type: 'string' },
    run: { type: 'string' },
    reference: { type: 'string' },
    field: { type: 'string' },
    policy: { type: 'string' },
  },
  async run(values, _positionals, io) {
    const run = stringFlag(values, 'run');
    if (!run) throw new UsageError('--run is required (the run id under <store>/runs/)');
    const reference = stringFlag(values, 'reference');
    if (!reference) throw new UsageError('--reference is required (a reference id under <store>/references/)');
    const field = stringFlag(values, 'field');
    if (field !== undefined && !/^[^.]+(\.[^.]+)*$/.test(field)) throw new UsageError(`--field "${field.slice(0, 80)}": expected a dot path such as output.summary_final`);
    const store = storeLocation(stringFlag(values, 'store'), io);
    const policy = await readPolicy(policySource(values, io, store), CLI_NAMES);
    let outcome;
    try {
      outcome = await scoreRun({
        store, run, reference, idField: policy.policy.predictions.id_field,
        names: { run: '--run', reference: '--reference' },
        ...(field === undefined ? {} : { field }),
      });
    } catch (error) {
      // Unreadable or invalid input: nothing was scored or written (exit 2), said in one line.
      if (error instanceof ArtifactError) throw new UsageError(error.message);
      throw error;
    }
    const { file, written } = outcome;
    const lines = [
      `score ${file.run} against ${file.reference.quality} reference ${file.reference.id}: ${file.kind}, ${file.items.reference} reference item(s), ${file.items.scored} scored`,
      ...(file.kind === 'text' ? textLines(file.aggregate as TextScores) : entityLines(file.aggregate as EntityAggregate)),
      ...file.notes.map((note) => `  note: ${printable(note)}`),
      `wrote ${printable(`${store.display}/${written}`)}`,
    ];
    io.stdout(`${lines.join('\n')}\n`);
    return EXIT.pass;
  },
};
