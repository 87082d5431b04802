// The drift parts of the Markdown report (issue 16): the anchor column appears only when a
// rule has drift, and the "Cumulative drift" section names the chain with every store-written
// string (a run id from baseline.json, a problem naming a file) escaped.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { STANDARD_SECTIONS } from '../../../src/report/sections/index.js';
import { makeReport, metric, outsideCodeSpans, tableRows } from './fixtures.js';

const BUDGET = 60_000;
const anchored = metric('quality.f1', { candidate: 0.847, baseline: 0.856, anchor: { id: 'b0', value: 0.9, worse_pct: 5.85, max_worse_pct: 5 }, status: 'fail' });

describe('the anchor column and the drift section', () => {
  it('leaves the table as it was without drift', () => {
    const md = renderMarkdown(makeReport({ metrics: [metric('quality.f1')] }), { budget: BUDGET, sections: STANDARD_SECTIONS });
    expect(md).not.toContain('| anchor |');
    expect(md).not.toContain('Cumulative drift');
  });

  it('adds the anchor value, the change from it and the anchor id', () => {
    const md = renderMarkdown(makeReport({ metrics: [anchored, metric('latency_ms', { direction: 'lower' })] }), { budget: BUDGET, sections: STANDARD_SECTIONS });
    const rows = tableRows(md);
    expect(rows.find((r) => r.includes('| metric |'))).toMatch(/\| change \| anchor \|$/);
    expect(rows.find((r) => r.includes('quality.f1'))).toMatch(/\| 0\.9 \(−5\.89%\) `b0` \|$/);
  });

  it('names the chain newest first, escaping what baseline.json says', () => {
    const drift = { anchors: [{ anchor: 'first', id: 'b0', chain: [
      { id: 'b1', promoted_from: 'run_1 @team <img src=x>', predecessor_via: 'data/eval/events/x.json (pin_changed)' },
      { id: 'b0' },
    ], problem: 'data/eval/baselines/b0/config.yaml baseline: names "<b>x</b>", which is not a baseline id; the chain starts at b0' }] };
    const md = renderMarkdown(makeReport({ metrics: [anchored], drift }), { budget: BUDGET, sections: STANDARD_SECTIONS });
    expect(md).toContain('#### Cumulative drift');
    expect(md).toMatch(/- anchor `first` → `b0`: chain `b1` \(from run `run_1 @team <img src=x>`\) ← `b0` ⚠️ /);
    expect(outsideCodeSpans(md)).not.toMatch(/@team|<img|<b>/);
  });
});
