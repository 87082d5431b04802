/**
 * Experiments (DESIGN.md section 9): `run create --experiment EXP --arm control|treatment`
 * records the arm in baseline.json and the fingerprint; `compare --experiment EXP` finds the
 * two arms and compares control (A) with treatment (B). Arms are only paired when they were
 * evaluated on the same items: the same dataset fingerprint, else the comparison is refused.
 */
import { UsageError } from '../contract/errors.js';
import type { StoreLocation } from '../store/location.js';
import { quoteForMessage } from '../parse/json.js';
import { readEntryRecord, type ListedEntry } from '../lifecycle/read-entries.js';
import { validateId } from '../store/ids.js';

export const ARMS = ['control', 'treatment'] as const;
export type Arm = (typeof ARMS)[number];

export interface ExperimentArms {
  control: ListedEntry;
  treatment: ListedEntry;
}

/** The two arms of an experiment among the store's entries; a missing or doubled arm is a usage error. */
export async function findArms(store: StoreLocation, entries: ListedEntry[], experiment: string): Promise<ExperimentArms> {
  const byArm = new Map<string, ListedEntry[]>();
  for (const entry of entries) {
    const record = await readEntryRecord(store, entry);
    if (record.experiment !== experiment) continue;
    const arm = record.arm ?? '(no arm)';
    byArm.set(arm, [...(byArm.get(arm) ?? []), entry]);
  }
  const name = quoteForMessage(experiment);
  if (byArm.size === 0) {
    throw new UsageError(`--experiment ${name}: no entry of ${store.display} records this experiment (run create --experiment ${experiment} --arm control|treatment records it)`);
  }
  const pick = (arm: Arm): ListedEntry => {
    const found = byArm.get(arm) ?? [];
    const others = [...byArm.entries()].filter(([a]) => a !== arm).map(([a, list]) => `${a}: ${list.map((e) => e.path).join(', ')}`);
    if (found.length === 0) throw new UsageError(`--experiment ${name} has no ${arm} arm (found ${others.join('; ')})`);
    if (found.length > 1) {
      throw new UsageError(`--experiment ${name} has ${found.length} ${arm} arms: ${found.map((e) => e.path).join(', ')}; compare two of them by path instead`);
    }
    return found[0] as ListedEntry;
  };
  return { control: pick('control'), treatment: pick('treatment') };
}

/** Refuses arms that were not evaluated on the same items. */
export function checkPaired(experiment: string, control: { path: string; fingerprint: string | null }, treatment: { path: string; fingerprint: string | null }): void {
  const name = quoteForMessage(experiment);
  for (const side of [control, treatment]) {
    if (side.fingerprint === null) {
      throw new UsageError(`--experiment ${name}: ${side.path} records no dataset fingerprint, so the arms cannot be shown to be paired (create both with run create)`);
    }
  }
  if (control.fingerprint !== treatment.fingerprint) {
    throw new UsageError(
      `--experiment ${name}: the arms are not paired: control ${control.path} was evaluated on dataset fingerprint ${control.fingerprint?.slice(0, 12)}…, treatment ${treatment.path} on ${treatment.fingerprint?.slice(0, 12)}… (different items); compare them by path to see the difference anyway`,
    );
  }
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
const TAG_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MAX_TAG_VALUE = 200;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

export interface ExperimentFlags {
  experiment?: { id: string; arm: Arm };
  promptVersion?: string;
  tags?: Record<string, string>;
}

/** `run create --experiment EXP --arm control|treatment --prompt-version X.Y.Z --tag K=V...`, validated. */
export function parseExperimentFlags(flags: { experiment?: string; arm?: string; promptVersion?: string; tags?: string[] }): ExperimentFlags {
  const out: ExperimentFlags = {};
  if ((flags.experiment === undefined) !== (flags.arm === undefined)) {
    throw new UsageError(flags.experiment === undefined ? '--arm needs --experiment EXP (the experiment the arm belongs to)' : '--experiment needs --arm control|treatment');
  }
  if (flags.experiment !== undefined && flags.arm !== undefined) {
    validateId('experiment', flags.experiment, '--experiment');
    if (!(ARMS as readonly string[]).includes(flags.arm)) throw new UsageError(`--arm ${quoteForMessage(flags.arm)}: expected control or treatment`);
    out.experiment = { id: flags.experiment, arm: flags.arm as Arm };
  }
  if (flags.promptVersion !== undefined) {
    if (!SEMVER.test(flags.promptVersion)) throw new UsageError(`--prompt-version ${quoteForMessage(flags.promptVersion)}: expected a semantic version X.Y.Z (e.g. 1.4.0)`);
    out.promptVersion = flags.promptVersion;
  }
  if (flags.tags && flags.tags.length > 0) {
    const tags: Record<string, string> = {};
    for (const tag of flags.tags) {
      const at = tag.indexOf('=');
      const key = at < 0 ? tag : tag.slice(0, at);
      const value = at < 0 ? '' : tag.slice(at + 1);
      if (at < 0 || !TAG_KEY.test(key)) throw new UsageError(`--tag ${quoteForMessage(tag)}: expected KEY=VALUE with a key of letters, digits, ".", "_" or "-"`);
      if (value === '' || value.length > MAX_TAG_VALUE || CONTROL.test(value)) {
        throw new UsageError(`--tag ${quoteForMessage(tag)}: the value must be 1 to ${MAX_TAG_VALUE} printable characters`);
      }
      if (Object.hasOwn(tags, key)) throw new UsageError(`--tag ${quoteForMessage(key)} is given twice`);
      Object.defineProperty(tags, key, { value, enumerable: true, writable: true, configurable: true });
    }
    out.tags = tags;
  }
  return out;
}
