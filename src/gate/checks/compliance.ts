/**
 * The compliance gate: provenance and governance. This module holds the checks that need
 * only the loaded artifacts; checks that need git (commit reachability, immutability) or a
 * scan of the files (secrets) are computed by the shells and passed in as extra checks.
 */
import { FULL_SHA, fingerprintField, fingerprintGit, type Fingerprint } from '../../artifacts/fingerprint.js';
import type { Policy } from '../../policy/schema.js';
import { gate, type Check, type GateResult } from '../../contract/check.js';

export interface ComplianceInput {
  fingerprint: Fingerprint | undefined;
  fingerprintFile: string;
  policy: Policy;
  /** Checks computed elsewhere (git, secrets, immutability, provenance). */
  extra?: Check[];
}

export function fingerprintChecks(input: ComplianceInput): Check[] {
  const { fingerprint, fingerprintFile, policy } = input;
  if (!fingerprint) {
    return [
      {
        id: 'fingerprint.present',
        status: 'fail',
        message: `${fingerprintFile} is missing: record provenance with \`promotion-gate fingerprint --run DIR\``,
        file: fingerprintFile,
      },
    ];
  }
  const checks: Check[] = [{ id: 'fingerprint.present', status: 'pass', message: `${fingerprintFile} present`, file: fingerprintFile }];
  const git = fingerprintGit(fingerprint);
  const commit = git?.commit;
  if (!commit) {
    checks.push({
      id: 'fingerprint.commit',
      status: policy.compliance.require_commit ? 'fail' : 'warn',
      message: 'the fingerprint records no git commit (expected `git.commit` or `run_context.git.commit`): every number must trace back to a commit',
      file: fingerprintFile,
    });
  } else if (!FULL_SHA.test(commit)) {
    checks.push({
      id: 'fingerprint.commit',
      status: 'fail',
      message: `the fingerprint's commit ${JSON.stringify(commit)} is not a full hexadecimal SHA`,
      file: fingerprintFile,
    });
  } else {
    checks.push({ id: 'fingerprint.commit', status: 'pass', message: `produced at commit ${commit}` });
  }
  if (git?.dirty === true) {
    const total = Math.max(git.dirtyCount ?? 0, git.dirtyPaths?.length ?? 0);
    const shown = git.dirtyPaths?.slice(0, 10) ?? [];
    const paths = shown.length ? `: ${shown.join(', ')}${total > shown.length ? ` and ${total - shown.length} more` : ''}` : '';
    checks.push({
      id: 'fingerprint.clean-tree',
      status: policy.compliance.allow_dirty ? 'warn' : 'fail',
      message: `the run was produced from a dirty working tree${paths}${policy.compliance.allow_dirty ? ' (allowed by the policy)' : '; commit first, or set compliance.allow_dirty'}`,
    });
  } else if (git) {
    checks.push({ id: 'fingerprint.clean-tree', status: git.dirty === false ? 'pass' : 'warn', message: git.dirty === false ? 'clean working tree' : 'the fingerprint does not say whether the tree was dirty' });
  }
  for (const field of policy.compliance.required_fields) {
    const value = fingerprintField(fingerprint, field);
    const present = value !== undefined && value !== null && value !== '';
    checks.push({
      id: `fingerprint.field.${field}`,
      status: present ? 'pass' : 'fail',
      message: present ? `${field} recorded` : `required fingerprint field \`${field}\` is missing (compliance.required_fields)`,
      file: fingerprintFile,
    });
  }
  return checks;
}

export function evaluateCompliance(input: ComplianceInput): GateResult {
  return gate('compliance', [...fingerprintChecks(input), ...(input.extra ?? [])]);
}
