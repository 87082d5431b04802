/** A few terminal lines saying what a fingerprint recorded (run create, fingerprint). */
import { fingerprintDataset, fingerprintGit, fingerprintSchema } from '../artifacts/fingerprint.js';

/** Control characters from file or branch names are shown escaped, never sent to the terminal. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\x00-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function summarizeFingerprint(value: Record<string, unknown>): string[] {
  const parsed = fingerprintSchema.safeParse(value);
  if (!parsed.success) return [];
  const fp = parsed.data;
  const git = fingerprintGit(fp);
  const lines: string[] = [];
  if (!git?.commit) lines.push('  commit:   none recorded (not a git repository)');
  else {
    const count = Math.max(git.dirtyCount ?? 0, git.dirtyPaths?.length ?? 0);
    const examples = git.dirtyPaths?.length ? `, e.g. ${git.dirtyPaths.slice(0, 3).map(printable).join(', ')}` : '';
    const state = git.dirty ? (count > 0 ? `DIRTY: ${count} changed path(s)${examples}` : 'DIRTY (paths not recorded)') : git.dirty === false ? 'clean tree' : 'tree state not recorded';
    lines.push(`  commit:   ${git.commit}${git.branch ? ` (${printable(git.branch)})` : ''}, ${state}`);
  }
  const dataset = fingerprintDataset(fp);
  if (dataset || fp.dataset?.fingerprint) {
    lines.push(`  dataset:  ${printable(dataset ?? 'unnamed')}${fp.dataset?.fingerprint ? ` fingerprint ${fp.dataset.fingerprint.slice(0, 16)}…` : ''}${fp.dataset?.items !== undefined ? ` (${fp.dataset.items} items)` : ''}`);
  }
  if (fp.prompts?.prompt_hash) {
    lines.push(`  prompts:  prompt_hash ${fp.prompts.prompt_hash.slice(0, 16)}…${fp.prompts.prompt_version ? `, prompt_version ${printable(fp.prompts.prompt_version)}` : ''}`);
  }
  if (fp.config_hash) lines.push(`  config:   config_hash ${fp.config_hash.slice(0, 16)}…`);
  return lines;
}
