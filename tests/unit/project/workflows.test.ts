/**
 * What the repository promises people who read it before they adopt it: `action.yml`, every
 * workflow (ours and the examples), the README's workflow snippets and the Dependabot file
 * validate against SchemaStore's schemas (copies in tests/fixtures/schemastore); the
 * Marketplace listing's limits hold; the actions used are the current majors; permissions
 * are per job and least privilege; no `${{ }}` expression is pasted into a shell script.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/cli.js';

type Json = Record<string, unknown>;
interface Step { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, unknown> }
interface Job { permissions?: Json | string; steps?: Step[] }
interface Workflow { permissions?: Json | string; jobs: Record<string, Job> }

const read = (path: string): string => readFileSync(join(REPO_ROOT, path), 'utf8');
const schema = (name: string): Json => JSON.parse(read(`tests/fixtures/schemastore/${name}.json`)) as Json;

function validator(name: string): ValidateFunction {
  // SchemaStore's schemas use keywords strict mode rejects (x-intellij-*, union types): its
  // own tests run Ajv with strict off too.
  return new Ajv({ strict: false, allErrors: true, logger: false }).compile(schema(name));
}
const validateAction = validator('github-action');
const validateWorkflow = validator('github-workflow');
const validateDependabot = validator('dependabot-2.0');

function errors(validate: ValidateFunction, data: unknown): string[] {
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

const WORKFLOW_FILES = [
  ...readdirSync(join(REPO_ROOT, '.github/workflows')).map((f) => `.github/workflows/${f}`),
  ...readdirSync(join(REPO_ROOT, 'examples/workflows')).map((f) => `examples/workflows/${f}`),
].filter((f) => /\.ya?ml$/.test(f)).sort();
const workflows = WORKFLOW_FILES.map((file) => ({ file, workflow: parse(read(file)) as Workflow }));

/** The README's fenced yaml blocks that are whole workflows (they have `jobs:`). */
const readmeWorkflows = [...read('README.md').matchAll(/```yaml\n([\s\S]*?)```/g)]
  .map((m, i) => ({ file: `README.md yaml block ${i + 1}`, text: m[1] ?? '' }))
  .filter((b) => /^jobs:/m.test(b.text))
  .map((b) => ({ file: b.file, workflow: parse(b.text) as Workflow }));

const allSteps = [...workflows, ...readmeWorkflows].flatMap(({ file, workflow }) =>
  Object.entries(workflow.jobs).flatMap(([job, spec]) => (spec.steps ?? []).map((step) => ({ file, job, step }))));

const action = parse(read('action.yml')) as {
  description: string; branding?: { icon?: string; color?: string }; runs: { using: string; main: string };
  inputs: Record<string, { description: string; default?: string }>;
};

describe('action.yml', () => {
  it("validates against SchemaStore's github-action schema", () => {
    expect(errors(validateAction, action)).toEqual([]);
  });

  it('fits the Marketplace: a description under 125 characters, an icon and a colour', () => {
    expect(action.description.length).toBeLessThan(125);
    expect(action.description.trim()).toBe(action.description);
    expect(action.branding).toEqual({ icon: expect.any(String), color: expect.any(String) });
  });

  it('runs the committed action bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/action/index.js' });
  });

  it('is rejected by the same validator when it breaks the schema (the check can fail)', () => {
    expect(errors(validateAction, { ...action, runs: { using: 'node99', main: 'x.js' } })).not.toEqual([]);
    expect(errors(validateAction, { ...action, branding: { icon: 'not-an-icon', color: 'green' } })).not.toEqual([]);
    expect(errors(validateAction, { ...action, inputs: { x: { default: '1' } } })).not.toEqual([]);
  });
});

describe('workflows', () => {
  it('finds our workflows and the examples', () => {
    expect(WORKFLOW_FILES).toEqual(expect.arrayContaining([
      '.github/workflows/ci.yml', '.github/workflows/codeql.yml', '.github/workflows/release.yml',
      'examples/workflows/gate-pr.yml', 'examples/workflows/gate-artifact.yml', 'examples/workflows/site.yml',
    ]));
    expect(readmeWorkflows.length).toBeGreaterThanOrEqual(2);
  });

  it.each([...workflows, ...readmeWorkflows].map((w) => [w.file, w.workflow] as const))(
    "%s validates against SchemaStore's github-workflow schema", (_file, workflow) => {
      expect(errors(validateWorkflow, workflow)).toEqual([]);
    });

  it('rejects a broken workflow (the check can fail)', () => {
    const [first] = workflows;
    if (first === undefined) throw new Error('no workflow');
    expect(errors(validateWorkflow, { ...first.workflow, permissions: { 'pull-requests': 'writ' } })).not.toEqual([]);
    expect(errors(validateWorkflow, { ...first.workflow, jobs: { x: { 'runs-on': 'ubuntu-latest', step: [] } } })).not.toEqual([]);
  });

  // Majors whose runtime is node24; Dependabot raises ours, and this test then asks for the
  // examples and README to follow.
  const CURRENT: Record<string, string> = {
    'actions/checkout': 'v6', 'actions/setup-node': 'v6', 'actions/upload-artifact': 'v7',
    'actions/download-artifact': 'v8', 'github/codeql-action/init': 'v4', 'github/codeql-action/analyze': 'v4',
    'promotion-gate/promotion-gate': 'v0',
    // The official Pages actions (examples/workflows/site.yml).
    'actions/configure-pages': 'v6', 'actions/upload-pages-artifact': 'v5', 'actions/deploy-pages': 'v5',
  };

  it('uses the current major of every action', () => {
    const stale = allSteps.filter(({ step }) => step.uses !== undefined).flatMap(({ file, step }) => {
      const [name = '', ref = ''] = (step.uses ?? '').split('@');
      const want = CURRENT[name];
      if (want === undefined) return [`${file}: ${step.uses ?? ''} is not in the list of known actions`];
      return ref === want ? [] : [`${file}: ${name}@${ref}, expected @${want}`];
    });
    expect(stale).toEqual([]);
  });

  it('never pastes a ${{ }} expression into a run: script (outputs go through env:)', () => {
    const pasted = allSteps.filter(({ step }) => step.run?.includes('${{')).map(({ file, job }) => `${file} job ${job}`);
    expect(pasted).toEqual([]);
    const gatePr = workflows.find((w) => w.file === 'examples/workflows/gate-pr.yml');
    const echo = gatePr?.workflow.jobs.gate?.steps?.find((s) => s.run !== undefined);
    expect(echo?.env).toEqual({ VERDICT: '${{ steps.gate.outputs.verdict }}', FAILED: '${{ steps.gate.outputs.failed-checks }}' });
  });

  it('passes promotion-gate only inputs that action.yml declares', () => {
    const unknown = allSteps
      .filter(({ step }) => step.uses?.startsWith('promotion-gate/promotion-gate@'))
      .flatMap(({ file, step }) => Object.keys(step.with ?? {}).filter((k) => !(k in action.inputs)).map((k) => `${file}: ${k}`));
    expect(unknown).toEqual([]);
  });

  it('grants write permissions per job in workflows with several jobs, and never write-all', () => {
    const topLevelWrites = workflows.filter(({ workflow }) => Object.values(
      typeof workflow.permissions === 'object' ? workflow.permissions : {}).includes('write')
      && Object.keys(workflow.jobs).length > 1).map((w) => w.file);
    expect(topLevelWrites).toEqual([]);
    for (const { file, workflow } of workflows) {
      expect(workflow.permissions, `${file} has no top-level permissions`).toBeDefined();
      expect(workflow.permissions, file).not.toBe('write-all');
    }
  });

  it("gate-artifact.yml: the job that runs the PR's code reads only; the gate job alone comments and reads artifacts", () => {
    const { workflow } = workflows.find((w) => w.file === 'examples/workflows/gate-artifact.yml') ?? {};
    expect(workflow?.permissions).toEqual({});
    expect(workflow?.jobs.evaluate?.permissions).toEqual({ contents: 'read' });
    expect(workflow?.jobs.gate?.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', actions: 'read' });
    expect(workflow?.jobs.gate?.steps?.some((s) => s.run !== undefined)).toBe(false);
  });

  it('site.yml: builds the site with command: site on pushes to the default branch, and only the deploy job may write Pages', () => {
    const { workflow } = workflows.find((w) => w.file === 'examples/workflows/site.yml') ?? {};
    const on = (workflow as unknown as { on: { push?: { branches?: string[] } } } | undefined)?.on;
    expect(on?.push?.branches).toEqual(['main']);
    expect(workflow?.permissions).toEqual({ contents: 'read' });
    const build = workflow?.jobs.build?.steps ?? [];
    const site = build.find((s) => s.uses?.startsWith('promotion-gate/promotion-gate@'));
    expect(site?.with).toMatchObject({ command: 'site' });
    expect(build.find((s) => s.uses?.startsWith('actions/upload-pages-artifact@'))?.with).toEqual({ path: '${{ steps.site.outputs.site-path }}' });
    expect(workflow?.jobs.build?.permissions).toBeUndefined();
    expect(workflow?.jobs.deploy?.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(workflow?.jobs.deploy?.steps?.map((s) => s.uses)).toEqual(['actions/deploy-pages@v5']);
  });
});

describe('Dependabot and CodeQL', () => {
  const dependabot = parse(read('.github/dependabot.yml')) as { updates: { 'package-ecosystem': string }[] };

  it("validates against SchemaStore's dependabot schema and updates actions and npm", () => {
    expect(errors(validateDependabot, dependabot)).toEqual([]);
    expect(dependabot.updates.map((u) => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
  });

  it('analyses the TypeScript and the workflows with CodeQL, uploading results with the least permission', () => {
    const codeql = parse(read('.github/workflows/codeql.yml')) as Workflow & { jobs: { analyze: Job & { strategy: { matrix: { language: string[] } } } } };
    expect(codeql.jobs.analyze.strategy.matrix.language).toEqual(['javascript-typescript', 'actions']);
    expect(codeql.jobs.analyze.permissions).toEqual({ contents: 'read', 'security-events': 'write' });
  });
});
