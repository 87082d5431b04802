// The plan and the log as text: terminal lines start with our own words (F25), the pull
// request body escapes what came from the store and stays the same while the plan does.
import { describe, expect, it } from 'vitest';
import { eventFile } from '../../../src/store/events.js';
import { renderEventsTerminal, renderPlanMarkdown, renderPlanTerminal } from '../../../src/lifecycle/render.js';
import { planRetention, type RetentionEntry } from '../../../src/lifecycle/retention.js';
import { entryAt } from '../../../src/store/status.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = '2026-06-01T00:00:00.000Z';
const entry = (path: string, daysOld: number): RetentionEntry => ({ entry: entryAt(path)!, created: { at: new Date(Date.parse(NOW) - daysOld * DAY).toISOString(), source: 'baseline.json created_at' } });
const plan = (now: string) =>
  planRetention({
    now, retention: { archive_after_days: 30 }, entries: [entry('runs/old', 100), entry('runs/young', 1), entry('runs/kept', 200)],
    pins: [{ index: 0, baseline: 'kept' }], rollouts: [], pullRequests: [],
  });

describe('the plan', () => {
  it('prints one line per entry, each starting with its action', () => {
    const text = renderPlanTerminal(plan(NOW), 'data/eval', 'dry run: nothing changed');
    const rows = text.split('\n').slice(4, 7);
    expect(rows).toEqual([
      'archive  runs/old     100 d  archive_after_days: 30 (100 days old)',
      'keep     runs/kept    200 d  archive_after_days: 30 (200 days old); kept: policy pins[0] names it',
      'keep     runs/young     1 d  archive_after_days: 30 (1 day old, not more than 30)',
    ]);
  });

  it('gives the same pull request body a week later while the plan is the same', () => {
    const later = new Date(Date.parse(NOW) + 7 * DAY).toISOString();
    expect(renderPlanMarkdown(plan(later), 'data/eval')).toBe(renderPlanMarkdown(plan(NOW), 'data/eval'));
    const body = renderPlanMarkdown(plan(NOW), 'data/eval');
    expect(body).toContain('| `data/eval/runs/old` | 2026-02-21 |  | archive → `runs/_archived/old` | archive\\_after\\_days: 30 |');
    expect(body).toContain('kept: policy pins\\[0\\] names it');
    expect(body).toContain('1 other entry is kept');
  });
});

describe('the log', () => {
  it('escapes untrusted fields; every line starts with the event time', () => {
    const event = eventFile({
      type: 'archived', at: '2026-03-03T10:00:00Z', actor: 'mallory\n::error::pwned', subject: 'r1', from: 'runs/r1', to: 'runs/_archived/r1',
      reason: 'line one\n::set-output name=x::y\u202e',
    });
    const text = renderEventsTerminal([{ name: event.path.slice(7), file: event.path, event: event.event }]);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^2026-03-03T10:00:00Z {2}archived/);
    expect(lines[0]).toContain('by mallory ::error::pwned: line one ::set-output name=x::y\\u202E');
  });
});
