/**
 * Annotations: each failing or warning check that points at a file becomes an annotation at
 * that file and line, so the problem shows in the PR's "Files changed" view. Messages are
 * passed to @actions/core, which escapes them for the workflow command protocol.
 */
import type { Report } from '../contract/report.js';
import type { ActionCore } from './deps.js';

/** Only repository-relative paths can be placed; snapshots (`store@sha`) and temp folders cannot. */
const placeable = (file: string | undefined): file is string =>
  file !== undefined && file !== '' && !file.startsWith('/') && !file.includes('@') && !file.split('/').includes('..');

export function annotate(core: Pick<ActionCore, 'error' | 'warning'>, report: Report): number {
  let count = 0;
  for (const gate of report.gates) {
    for (const check of gate.checks) {
      if (check.status !== 'fail' && check.status !== 'warn') continue;
      const title = `promotion-gate ${gate.name}.${check.id} (${report.candidate.id})`;
      const where = placeable(check.file)
        ? { file: check.file, ...(check.line === undefined ? {} : { startLine: check.line }), ...(check.column === undefined ? {} : { startColumn: check.column }) }
        : {};
      (check.status === 'fail' ? core.error : core.warning)(check.message, { title, ...where });
      count++;
    }
  }
  return count;
}
