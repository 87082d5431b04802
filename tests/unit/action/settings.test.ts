// The action's inputs as one typed settings object: '' means unset (never 0 or false), an
// invalid value fails naming the input, and the runner's hyphenated names are read as-is.
import { afterEach, describe, expect, it } from 'vitest';
import { readSettings } from '../../../src/action/settings.js';
import { realDeps } from '../../../src/action/real-deps.js';
import { readRunnerContext } from '../../../src/action/context.js';

const reader = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';

describe('readSettings', () => {
  it('applies defaults for empty inputs', () => {
    expect(readSettings(reader({}))).toMatchObject({ command: 'gate', store: 'data/eval', comment: true, setPin: false, allowForkCheckout: false });
    const s = readSettings(reader({ 'artifact-run-id': '', 'fail-on': '', run: '  ' }));
    expect(s.artifactRunId).toBeUndefined();
    expect(s.failOn).toBeUndefined();
    expect(s.run).toBeUndefined();
  });

  it.each([
    [{ 'artifact-run-id': '0' }, /input artifact-run-id: expected a workflow run id/],
    [{ 'artifact-run-id': '12; rm -rf /' }, /input artifact-run-id/],
    [{ comment: 'yes please' }, /input comment: expected true or false/],
    [{ 'fail-on': 'never' }, /input fail-on: expected one of error, warning/],
    [{ command: 'deploy' }, /input command: expected one of gate, promote/],
  ])('names the input at fault: %o', (inputs, message) => {
    expect(() => readSettings(reader(inputs))).toThrow(message);
  });

  it('parses the typed values', () => {
    expect(readSettings(reader({ 'artifact-run-id': '123456789', comment: 'false', 'fail-on': 'warning', 'allow-fork-checkout': 'TRUE' }))).toMatchObject({
      artifactRunId: 123456789,
      comment: false,
      failOn: 'warning',
      allowForkCheckout: true,
    });
  });
});

describe('the runner environment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('reads INPUT_ variables with hyphens kept, as the runner sets them', () => {
    process.env['INPUT_GITHUB-TOKEN'] = 'tok';
    process.env['INPUT_FAIL-ON'] = 'warning';
    const deps = realDeps({ ...process.env, GITHUB_REPOSITORY: 'octo/evals' });
    expect(readSettings(deps.input)).toMatchObject({ githubToken: 'tok', failOn: 'warning' });
    expect(deps.context.repository).toEqual({ owner: 'octo', repo: 'evals' });
  });

  it('builds the context from GITHUB_* variables', () => {
    const context = readRunnerContext({ GITHUB_REPOSITORY: 'a/b', GITHUB_EVENT_NAME: 'push', GITHUB_RUN_ID: '77', GITHUB_API_URL: 'http://x/api/', RUNNER_TEMP: '/tmp/r' });
    expect(context).toMatchObject({ eventName: 'push', runId: 77, runAttempt: 1, apiUrl: 'http://x/api', tempDir: '/tmp/r', payload: {} });
  });

  it('reads a GitHub write spacing for tests, and keeps the default otherwise', () => {
    expect(readRunnerContext({ PROMOTION_GATE_GITHUB_SPACING_MS: '0' }).githubSpacing).toEqual({ writeMs: 0, notificationMs: 0 });
    expect(readRunnerContext({ PROMOTION_GATE_GITHUB_SPACING_MS: '250' }).githubSpacing).toEqual({ writeMs: 250, notificationMs: 250 });
    for (const value of [undefined, '', '-1', '1e3', 'fast']) expect(readRunnerContext({ PROMOTION_GATE_GITHUB_SPACING_MS: value }).githubSpacing).toBeUndefined();
  });
});
