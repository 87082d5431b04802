/**
 * Checks over the bytes of a run's files: no secrets in any artifact (F18; findings are
 * shown masked, with file and line; a regular file that could not be read fails, F22), no
 * entry that is not a regular file inside the store (F23), and every file as the manifest
 * recorded it.
 */
import type { Check } from '../../contract/check.js';
import type { ManifestDiff, SecretSummary } from '../../contract/report-sections.js';
import { compareManifest, describeDiff, hasDifferences, MANIFEST_FILE, parseManifest } from '../seal/manifest.js';
import { isIrregular, type RunScan } from '../seal/run-scan.js';

type Mode = 'fail' | 'warn' | 'off';


export function summarizeSecrets(scan: RunScan): SecretSummary {
  const findings: SecretSummary['findings'] = [];
  let total = 0;
  const notScanned: string[] = [];
  for (const file of scan.files) {
    // Entries that are not regular files are the entries check's business, not this one's.
    if (!file.digest && !isIrregular(file)) notScanned.push(`${file.display} (${file.problem ?? 'unreadable'})`);
    const secrets = file.digest?.secrets;
    if (!secrets) continue;
    total += secrets.total;
    for (const finding of secrets.findings) findings.push({ file: file.display, line: finding.line, kind: finding.kind, masked: finding.masked });
  }
  const scanned = scan.files.filter((file) => file.digest !== undefined).length;
  return { files: scanned, bytes: scan.bytes, seconds: scan.seconds, findings, total, not_scanned: notScanned };
}

export function secretsCheck(summary: SecretSummary | undefined, mode: Mode): Check {
  const id = 'artifacts.secrets';
  if (mode === 'off' || !summary) return { id, status: 'skip', message: 'disabled by the policy (compliance.secrets: off)' };
  const scanned = `${summary.files} file(s), ${(summary.bytes / 1e6).toFixed(1)} MB scanned`;
  if (summary.total === 0) {
    if (summary.not_scanned.length === 0) return { id, status: 'pass', message: `no secrets found (${scanned})` };
    // A file that cannot be read could hold anything: it is never a pass.
    return {
      id,
      status: mode === 'fail' ? 'fail' : 'warn',
      message: `${summary.not_scanned.length} file(s) could not be scanned for secrets: ${summary.not_scanned.slice(0, 5).join(', ')} (${scanned})`,
    };
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

/**
 * Entries of the run folder that are not regular files inside the store: links leading out,
 * broken links, FIFOs, sockets, devices, hard links. They were never opened; a run holding
 * one could be promoted with a link out of the repository, so by default it fails.
 */
export function entriesCheck(display: string, scan: RunScan, mode: 'fail' | 'warn'): Check {
  const id = 'artifacts.entries';
  const irregular = scan.files.filter(isIrregular);
  if (irregular.length === 0) return { id, status: 'pass', message: `every entry of ${display} is a regular file` };
  const shown = irregular.slice(0, 10).map((file) => `${file.display}: ${file.problem ?? file.kind}`);
  const more = irregular.length > shown.length ? `, and ${irregular.length - shown.length} more` : '';
  const relax = mode === 'fail' ? '; remove them (or set compliance.non_regular_entries: warn)' : '';
  return {
    id,
    status: mode,
    message: `${irregular.length} entr${irregular.length === 1 ? 'y' : 'ies'} of the run folder ${irregular.length === 1 ? 'is' : 'are'} not a regular file: ${shown.join('; ')}${more}${relax}`,
    file: irregular[0]?.display,
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
