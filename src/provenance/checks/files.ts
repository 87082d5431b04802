/**
 * Checks over the bytes of a run's files: no secrets in any artifact (F18; findings are
 * shown masked, with file and line), and every file as the manifest recorded it.
 */
import type { Check } from '../../contract/check.js';
import { compareManifest, describeDiff, hasDifferences, MANIFEST_FILE, parseManifest } from '../seal/manifest.js';
import type { RunScan } from '../seal/run-scan.js';

import type { ManifestDiff } from '../../contract/report-sections.js';
import type { SecretSummary } from '../../contract/report-sections.js';
type Mode = 'fail' | 'warn' | 'off';


export function summarizeSecrets(scan: RunScan): SecretSummary {
  const findings: SecretSummary['findings'] = [];
  let total = 0;
  const notScanned: string[] = [];
  for (const file of scan.files) {
    if (!file.digest) notScanned.push(`${file.display} (${file.problem ?? 'unreadable'})`);
    const secrets = file.digest?.secrets;
    if (!secrets) continue;
    total += secrets.total;
    for (const finding of secrets.findings) findings.push({ file: file.display, line: finding.line, kind: finding.kind, masked: finding.masked });
  }
  return { files: scan.files.length - notScanned.length, bytes: scan.bytes, seconds: scan.seconds, findings, total, not_scanned: notScanned };
}

export function secretsCheck(summary: SecretSummary | undefined, mode: Mode): Check {
  const id = 'artifacts.secrets';
  if (mode === 'off' || !summary) return { id, status: 'skip', message: 'disabled by the policy (compliance.secrets: off)' };
  const scanned = `${summary.files} file(s), ${(summary.bytes / 1e6).toFixed(1)} MB scanned`;
  if (summary.total === 0) {
    const skipped = summary.not_scanned.length ? `; not scanned: ${summary.not_scanned.slice(0, 5).join(', ')}` : '';
    return { id, status: summary.not_scanned.length ? 'warn' : 'pass', message: `no secrets found (${scanned})${skipped}` };
  }
  const shown = summary.findings.slice(0, 10).map((f) => `${f.file}:${f.line} ${f.kind} ${f.masked}`);
  const more = summary.total > shown.length ? `, and ${summary.total - shown.length} more` : '';
  const first = summary.findings[0];
  return {
    id,
    status: mode === 'fail' ? 'fail' : 'warn',
    message: `${summary.total} possible secret(s) in the run's artifacts: ${shown.join('; ')}${more}. Revoke them, then remove them from the files (and from git history)`,
    ...(first ? { file: first.file, line: first.line } : {}),
  };
}

export interface ManifestOutcome {
  check: Check;
  diff?: ManifestDiff;
}

/** `manifestValue` is the parsed manifest.json (undefined when absent), `metadata` baseline.json. */
export function manifestCheck(
  id: string,
  display: string,
  manifestValue: unknown,
  scan: RunScan,
  metadata: unknown,
  mode: Mode,
): ManifestOutcome {
  if (mode === 'off') return { check: { id, status: 'skip', message: 'disabled by the policy (compliance.manifest: off)' } };
  if (manifestValue === undefined) {
    return { check: { id, status: 'skip', message: `${display} has no ${MANIFEST_FILE} (runs made with \`promotion-gate run create\` have one)` } };
  }
  const file = `${display}/${MANIFEST_FILE}`;
  let diff: ManifestDiff;
  try {
    diff = compareManifest(parseManifest(manifestValue, file), scan, metadata);
  } catch (error) {
    return { check: { id, status: mode === 'fail' ? 'fail' : 'warn', message: (error as Error).message, file } };
  }
  if (!hasDifferences(diff)) {
    const expected = diff.expected.length ? ` (${diff.expected.join('; ')})` : '';
    return { check: { id, status: 'pass', message: `${diff.checked} file(s) of ${display} match ${MANIFEST_FILE}${expected}` }, diff };
  }
  return {
    check: {
      id,
      status: mode === 'fail' ? 'fail' : 'warn',
      message: `${display} differs from its ${MANIFEST_FILE}: ${describeDiff(diff, 10).join('; ')}`,
      file,
    },
    diff,
  };
}
