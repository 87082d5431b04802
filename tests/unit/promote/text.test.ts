// The README, the PR body and the commit message carry untrusted strings (reason, ids, metric
// names): nothing in them can mention, inject HTML, break a table or forge a trailer.
import { describe, expect, it } from 'vitest';
import { parsePromotionTrailers, promotionCommitMessage } from '../../../src/promote/plan/commit-message.js';
import { detectTask } from '../../../src/promote/plan/detect-task.js';
import { buildPlan } from '../../../src/promote/plan/plan.js';
import { promotionPullRequest } from '../../../src/promote/plan/pull-request-text.js';
import { metric, outsideCodeSpans, tableCells, tableRows } from '../report/fixtures.js';
import { NOW, passingReport, planInput, request, sourceOf } from './fixtures.js';

const HOSTILE = '@team <img src=x onerror=alert(1)> </details> | <!-- promotion-gate:x --> &#64;user #12 \u202Eevil\nPromotion-Gate-Id: other';

const plan = buildPlan(planInput({
  request: request({ reason: HOSTILE }),
  report: passingReport({ metrics: [metric('a|b`c @x <b>', { status: 'pass' })] }),
}));
const readme = plan.files.find((f) => f.rel === 'README.md')?.content?.toString('utf8') ?? '';
const { title, body } = promotionPullRequest(plan, passingReport({ metrics: [metric('a|b`c @x <b>')] }), 'data/eval');

describe.each([
  { name: 'README.md', text: readme },
  { name: 'PR body', text: body },
])('$name with a hostile reason and metric name', ({ text }) => {
  const outside = outsideCodeSpans(text);

  it('renders nothing active outside code spans', () => {
    expect(outside).not.toMatch(/@team|@user|<img|<b>|&#64;|\u202E/);
    expect(outside).not.toMatch(/(^|[^\\])#12/);
    expect(outside.split('<details>').length, 'no </details> from the reason closes ours').toBe(outside.split('</details>').length);
    expect(text).not.toContain('<!-- promotion-gate:');
  });

  it('keeps every table row as wide as its header', () => {
    const lines = text.split('\n');
    let width = 0;
    for (const [i, line] of lines.entries()) {
      if (!line.startsWith('|')) continue;
      if (!lines[i - 1]?.startsWith('|')) width = tableCells(line).length;
      expect(tableCells(line).length, line).toBe(width);
    }
    expect(tableRows(text).length).toBeGreaterThan(3);
  });
});

describe('the commit message', () => {
  it('carries trailers that a reason cannot forge', () => {
    const message = promotionCommitMessage(plan, 'a'.repeat(40));
    const trailers = parsePromotionTrailers(message);
    expect(trailers).toEqual({ id: 'baseline_v2', run: 'run_1', base: 'a'.repeat(40), promotedAt: NOW, promotedBy: 'octocat' });
    expect(parsePromotionTrailers(`Subject\n\n${HOSTILE}\n`)?.id).toBe('other');
    expect(parsePromotionTrailers(`${message}\nlater paragraph\n`)).toBeUndefined();
    expect(message.split('\n')[0]).toBe('Promote run run_1 to baseline baseline_v2');
    expect(title).toBe('Promote run run_1 to baseline baseline_v2');
  });

  it('ignores a malformed promoted_at or base', () => {
    const forged = parsePromotionTrailers('x\n\nPromotion-Gate-Id: b\nPromotion-Gate-Base: HEAD\nPromotion-Gate-Promoted-At: yesterday\n');
    expect(forged).toEqual({ id: 'b' });
  });
});

describe('detectTask', () => {
  it.each([
    { name: 'given wins', given: 'x', source: sourceOf(), task: 'x' },
    { name: 'first claim (metrics.json)', given: undefined, source: sourceOf(undefined, { taskClaims: [{ source: 'metrics.json', task: 'summarization' }, { source: 'config.yaml', task: 'qa' }] }), task: 'summarization' },
    { name: 'NER schema', given: undefined, source: sourceOf(undefined, { taskClaims: [], metricsSchema: 'metrics_ner_v1' }), task: 'ner_entities' },
    { name: 'summary output', given: undefined, source: sourceOf(undefined, { taskClaims: [], firstPrediction: { output: { summary_final: 's' } } }), task: 'summarization' },
    { name: 'nothing', given: undefined, source: sourceOf(undefined, { taskClaims: [], firstPrediction: { output: 'text' } }), task: undefined },
  ])('$name', ({ given, source, task }) => {
    expect(detectTask(given, source)?.task).toBe(task);
  });
});

describe('the PR body of an upstream model (policy dependencies)', () => {
  const dependencies = {
    upstream_of: [{
      dependency: 0, upstream: { task: 'ner' }, previous: 'ner_v1',
      stale: [
        { baseline: 'sum_v1', dataset: 'ds1', task: 'summarization', upstream: 'ner_v1', dependency: 0 },
        { baseline: 'sum_b|x', dataset: '@team <b>', task: 'summarization', upstream: 'ner_v1', dependency: 0 },
      ],
    }],
  };
  const upstreamBody = promotionPullRequest(plan, { ...passingReport(), dependencies }, 'data/eval').body;

  it('lists the downstream baselines produced with the previous upstream, to re-evaluate', () => {
    expect(upstreamBody).toContain('#### Downstream baselines to re-evaluate');
    expect(upstreamBody).toContain('Promoting it leaves 2 downstream baselines produced with the pinned upstream `ner_v1` to re-evaluate');
    expect(upstreamBody).toContain('| `sum_v1` | ds1 / summarization | `ner_v1` |');
  });

  it('escapes what the store names', () => {
    expect(outsideCodeSpans(upstreamBody)).not.toMatch(/@team|<b>/);
    expect(tableRows(upstreamBody).some((row) => row.includes('sum_b\\|x'))).toBe(true);
  });

  it('is absent for a run that is no dependency\'s upstream', () => {
    expect(body).not.toContain('Downstream baselines');
  });
});
