// The policy's `retention` block: whole, non-negative numbers; anything else is a
// configuration error naming the field, its line and column (exit 2 in the CLI).
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/contract/errors.js';
import { parsePolicy } from '../../../src/policy/parse.js';

const policy = (retention: string): string => `version: 1\nretention:\n${retention}`;

describe('retention policy', () => {
  it('reads every rule, and leaves absent rules absent', () => {
    expect(parsePolicy(policy('  keep_experimental: 20\n  archive_after_days: 30\n  delete_archived_after_days: 90\n'), 'p.yml').retention).toEqual({
      keep_experimental: 20,
      archive_after_days: 30,
      delete_archived_after_days: 90,
    });
    expect(parsePolicy(policy('  archive_after_days: 0\n'), 'p.yml').retention).toEqual({ archive_after_days: 0 });
    expect(parsePolicy('version: 1\n', 'p.yml').retention).toBeUndefined();
  });

  it.each([
    ['  keep_experimental: -1\n', /^p\.yml:3:3: retention\.keep_experimental: must be 0 or more$/],
    ['  archive_after_days: 2.5\n', /^p\.yml:3:3: retention\.archive_after_days: must be a whole number \(no fraction\)$/],
    ['  delete_archived_after_days: "90"\n', /^p\.yml:3:3: retention\.delete_archived_after_days: must be a whole number$/],
    ['  delete_archived_after_days: .inf\n', /retention\.delete_archived_after_days: must be a whole number/],
    ['  archive_after_day: 30\n', /retention\.archive_after_day: unknown field/],
  ])('refuses %j naming the field', (text, message) => {
    const run = (): unknown => parsePolicy(policy(text), 'p.yml');
    expect(run).toThrow(UsageError);
    expect(run).toThrow(message);
  });
});
