/**
 * The README as an adopter reads it: usage first, then permissions, then the contributors'
 * two commands; a store set-up guide and a cold-start walkthrough; the policy reference
 * listing every field the schema has; the failing comment's picture; the archive limits.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/cli.js';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1] ?? '');

interface SchemaNode { type?: string; properties?: Record<string, SchemaNode>; items?: SchemaNode }

function fieldPaths(node: SchemaNode, prefix = ''): string[] {
  return Object.entries(node.properties ?? {}).filter(([k]) => k !== '$schema').flatMap(([key, child]) => [
    `${prefix}${key}`,
    ...(child.type === 'object' ? fieldPaths(child, `${prefix}${key}.`) : []),
    ...(child.type === 'array' && child.items?.type === 'object' ? fieldPaths(child.items, `${prefix}${key}[].`) : []),
  ]);
}

describe('README.md', () => {
  it('puts usage first, then permissions, then the two contributor commands, then the store', () => {
    const order = ['Use it in a workflow', 'Permissions', 'Work on promotion-gate', 'Set up your store', 'Your first gate: a cold start'];
    expect(order.map((h) => headings.indexOf(h))).toEqual([0, 1, 2, 3, 4]);
    const contributors = readme.slice(readme.indexOf('## Work on promotion-gate'), readme.indexOf('## Set up your store'));
    expect(contributors).toContain('npm ci && npm run demo');
    expect(contributors).toContain('npm test');
  });

  it('shows the failing comment the browser test renders', () => {
    expect(readme).toContain('](docs/images/comment-failing.png)');
    expect(existsSync(join(REPO_ROOT, 'docs/images/comment-failing.png'))).toBe(true);
  });

  it('documents every policy field, generated from the schema', () => {
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schema/policy.schema.json'), 'utf8')) as SchemaNode;
    const table = readme.slice(readme.indexOf('<!-- policy:start -->'), readme.indexOf('<!-- policy:end -->'));
    const paths = fieldPaths(schema);
    expect(paths.length).toBeGreaterThan(20);
    for (const path of paths) expect(table, path).toContain(`| \`${path}\``);
  });

  it('documents the artifact archive limits and their inputs', () => {
    for (const text of ['20,000 entries', '512 MiB', '1 GiB', 'ZIP64', '`artifact-max-bytes`', '`artifact-max-total-bytes`']) {
      expect(readme).toContain(text);
    }
  });
});
