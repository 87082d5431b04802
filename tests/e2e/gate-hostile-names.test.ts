// RELIABILITY F24, F25, F26 and issue 9 item 6 through the bundled action, started as the
// runner starts it: a secret used as a metric name is masked in every output; names that
// look like workflow commands never start a stdout line (the runner would run them in this
// job); `failed-checks` holds only a safe charset; and a missing or malformed event payload
// is one clear error with a report still written.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useGitHubSession } from '../support/github/use-session.js';
import { EXAMPLE_STORE, tempDir } from '../support/temp-store.js';
import { ADD_BETTER_RUN, checkout, makePrRepo, OWNER, pullRequestEvent, REPO, runAction, STORE, type Change, type PrRepo } from './gate-support.js';
import { git } from '../support/git.js';

const gh = useGitHubSession('gate hostile names');

const TOKEN = 'ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
const SECRET_BODY = TOKEN.slice(4, 30);
const INJECTED = 'x\n::warning title=PWN::injected\n::stop-commands::pwned';

/** Lines the runner would take as commands that only untrusted text could have written. */
function injectedCommands(stdout: string): string[] {
  return stdout.split(/\r\n|\r|\n/).filter((line) => /^[\s\u0085]*::(warning title=PWN|stop-commands::pwned)/.test(line) || line.includes('##[notice]pwn'));
}

const BASELINE_METRICS = `${STORE}/baselines/baseline_demo_v1/metrics.json`;
const RUN_METRICS = `${STORE}/runs/run_new/metrics.json`;

/** The example metrics plus `hostile.f1.<name>` metrics (an F1, so the built-in rule gates a drop). */
function withMetrics(file: string, extra: Record<string, number>): Record<string, Change> {
  const source = join(EXAMPLE_STORE, file.slice(STORE.length + 1).replace('runs/run_new', 'runs/run_candidate_better'));
  const metrics = JSON.parse(readFileSync(source, 'utf8')) as Record<string, unknown>;
  return { [file]: JSON.stringify({ ...metrics, hostile: { f1: extra } }, null, 2) };
}

describe('F24, F25, F26: hostile metric names in the action', () => {
  it('masks a secret name everywhere, keeps stdout free of injected commands, and keeps failed-checks safe', async () => {
    const names = (value: number) => ({ [TOKEN]: value, [INJECTED]: value, 'comma,$(id)`x`\n##[notice]pwn': value });
    const repo = await makePrRepo(gh, {
      baseChanges: withMetrics(BASELINE_METRICS, names(0.9)),
      changes: { ...ADD_BETTER_RUN, ...withMetrics(RUN_METRICS, names(0.1)) },
    });
    const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo) });
    expect(result.code).toBe(1);
    const failed = result.outputs['failed-checks'] ?? '';
    expect(failed).toMatch(/^[A-Za-z0-9._,-]+$/);
    expect(failed.split(',')).toContain('performance.metric.hostile.f1.comma___id__x_____notice_pwn');
    expect(failed.split(',')).toContain('performance.metric.hostile.f1.x___warning_title_PWN__injected___stop-commands__pwned');
    expect(failed.split(',').filter((id) => id.startsWith('performance.metric.hostile.'))).toHaveLength(3);

    const report = readFileSync(result.outputs['report'] ?? '', 'utf8');
    const comment = (await gh.snapshot(OWNER, REPO)).comments.map((c) => c.body).join('\n');
    for (const text of [result.stdout, result.stderr, result.summary, report, comment, JSON.stringify(result.outputs)]) expect(text).not.toContain(SECRET_BODY);
    expect(report).toContain('ghp_…');
    // The names stay in the report, as they are.
    expect(report).toContain(JSON.stringify(`metric.hostile.f1.${INJECTED}`).slice(1, -1));
    expect(injectedCommands(result.stdout)).toEqual([]);
    expect(injectedCommands(result.stderr)).toEqual([]);
  });
});

/** What a pull_request_target workflow checks out: the base only; the head is read as git data. */
function baseOnly(repo: PrRepo): PrRepo {
  const work = join(tempDir('pg-prt-'), 'work');
  git(repo.dir, 'clone', '--quiet', '--no-local', '--single-branch', '--branch', 'main', repo.origin, work);
  checkout(work, 'base', repo.baseSha, repo.headSha);
  return { ...repo, work };
}

describe('F25: paths from the PR head in the job log', () => {
  it('logs a skipped symlink whose name holds a newline and a command without running it', async () => {
    const repo = await makePrRepo(gh, { mirror: true, changes: { ...ADD_BETTER_RUN, [`${STORE}/runs/run_new/${INJECTED}`]: { symlink: '/etc/passwd' } } });
    const result = await runAction({
      gh,
      repo: baseOnly(repo),
      event: await pullRequestEvent(gh, repo, 'pull_request_target'),
      eventName: 'pull_request_target',
    });
    expect(result.stdout).toMatch(/not read from the head commit \(symbolic link\)/);
    expect(result.stdout).toContain('warning title=PWN');
    expect(injectedCommands(result.stdout)).toEqual([]);
  });
});

describe('issue 9 item 6: a missing or malformed GITHUB_EVENT_PATH', () => {
  const cases: [string, (dir: string) => string, RegExp][] = [
    ['missing', (dir) => join(dir, 'no-such-event.json'), /GITHUB_EVENT_PATH .*no-such-event\.json: the event payload cannot be read \(ENOENT\)/],
    ['malformed', (dir) => {
      const path = join(dir, 'event.json');
      writeFileSync(path, '{"pull_request": {');
      return path;
    }, /GITHUB_EVENT_PATH .*event\.json: the event payload is not valid JSON/],
  ];

  it.each(cases)('is one clear error line, exit 1, with the report still written (%s)', async (_what, make, message) => {
    const repo = await makePrRepo(gh);
    const eventPath = make(tempDir('pg-event-'));
    const result = await runAction({ gh, repo, event: {}, env: { GITHUB_EVENT_PATH: eventPath } });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/\n\s+at |SyntaxError|internal error/);
    const errors = result.stdout.split('\n').filter((line) => line.startsWith('::error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    const report = result.outputs['report'] ?? '';
    expect(existsSync(report)).toBe(true);
    const written = JSON.parse(readFileSync(report, 'utf8')) as { verdict: string; gates: { checks: { message: string }[] }[] };
    expect(written.verdict).toBe('fail');
    expect(written.gates[0]?.checks[0]?.message).toMatch(message);
    expect(result.outputs['verdict']).toBe('fail');
  });
});
