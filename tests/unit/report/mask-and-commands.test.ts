// F24 and F25 at unit level: the one masking function over every string of a report, and
// the filter that keeps any printed line from being a workflow command on a runner.
import { describe, expect, it } from 'vitest';
import { inertCommandLines } from '../../../src/report/escape.js';
import { maskDeep, maskSecrets, safeOutput } from '../../../src/report/mask.js';
import { redactSecrets } from '../../../src/provenance/secrets/patterns.js';
import { failedCheckIds, outputId } from '../../../src/gate/verdict.js';
import type { Report } from '../../../src/contract/report.js';
import { FAMILY_KEYS } from '../../support/fake-keys.js';

const TOKEN = 'ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
const BODY = TOKEN.slice(4, 30);

/** The runner's two command forms: `::` after leading whitespace (.NET's), `##[` anywhere. */
const isCommand = (line: string): boolean => /^[\s\u0085]*::/.test(line) || line.includes('##[');

describe('maskDeep (F24)', () => {
  it('masks every string of a report, keys included, and leaves numbers alone', () => {
    const report = { metrics: [{ name: TOKEN, candidate: 0.5 }], extra: { [TOKEN]: [`file ${TOKEN}.txt`] }, n: 3, ok: true, none: null };
    const masked = maskDeep(report);
    expect(JSON.stringify(masked)).not.toContain(BODY);
    expect(masked.metrics[0]).toEqual({ name: 'ghp_…Q7r8', candidate: 0.5 });
    expect(masked.n).toBe(3);
    expect(Object.keys(masked.extra)).toEqual(['ghp_…Q7r8']);
  });

  it('masks in text the same way as in values', () => {
    expect(maskSecrets(`id ${TOKEN} end`)).toBe('id ghp_…Q7r8 end');
  });

  // The quick pre-check must never let a kind of credential through unmasked.
  const samples = [
    TOKEN,
    'gho_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
    'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH',
    'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789ABCD',
    'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD',
    'sk-abcdefghijklmnopqrstuvwxyz0123456789AB',
    'AKIAIOSFODNN7EXAMPLE',
    'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
    'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'hf_abcdefghijklmnopqrstuvwxyz01234567',
    '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----',
  ];
  it.each(samples)('masks %s exactly as the secret patterns do', (secret) => {
    const text = `name: ${secret} (end)`;
    expect(maskSecrets(text)).toBe(redactSecrets(text));
    expect(maskSecrets(text)).not.toBe(text);
  });
});

describe('maskSecrets knows every kind the scan knows (F24)', () => {
  // The cheap pre-check once listed only the first token kinds: Google, Slack, Stripe, Azure,
  // npm and W&B keys passed it and were printed in full in report text.
  const shown = (key: string): string => (key.length === 40 && /^[0-9a-f]+$/.test(key) ? `WANDB_API_KEY=${key}` : key);
  it.each(Object.entries(FAMILY_KEYS))('masks a %s key inside ordinary text', (_family, key) => {
    const text = `metric name ${shown(key)} in a report`;
    const masked = maskSecrets(text);
    expect(masked).not.toContain(key);
    expect(masked).toBe(redactSecrets(text));
    expect(masked).toContain('…');
  });
});

describe('inertCommandLines (F25)', () => {
  const lines = [
    '::warning title=X::y',
    '   ::add-mask::z',
    '\t::stop-commands::tok',
    '\u0085::error::nel is whitespace to the runner',
    '\u00a0::notice::nbsp',
    'text ##[error]legacy anywhere',
    '##[group]x',
  ];

  it.each(lines)('makes %j inert, keeping it readable', (line) => {
    const out = inertCommandLines(line);
    expect(isCommand(out)).toBe(false);
    expect(out.replace(/\\/g, '')).toBe(line);
  });

  it('treats every line of a text on its own, whatever the line ending', () => {
    const out = inertCommandLines('ok\n::a::b\r::c::d\r\n  ::e::f\n');
    expect(out.split(/\r\n|\r|\n/).filter(isCommand)).toEqual([]);
    expect(out.split(/\r\n|\r|\n/)).toHaveLength(5);
  });

  it('leaves ordinary text as it is', () => {
    expect(inertCommandLines('a: b :: c\nx::y')).toBe('a: b :: c\nx::y');
  });

  it('is what safeOutput applies after masking', () => {
    expect(safeOutput(`::set-output name=t::${TOKEN}`)).toBe('\\::set-output name=t::ghp_…Q7r8');
  });
});

describe('failed-checks ids (F26)', () => {
  it('keeps only letters, digits, dot, underscore and hyphen', () => {
    expect(outputId('performance.metric.a,b\n$(id)`x`')).toBe('performance.metric.a_b___id__x_');
    expect(outputId(`x${'y'.repeat(300)}`)).toHaveLength(200);
  });

  it('applies to every failing check of a report', () => {
    const report = { gates: [{ name: 'performance', status: 'fail', checks: [{ id: 'metric.q,1\n::x', status: 'fail', message: '' }, { id: 'metric.ok', status: 'pass', message: '' }] }] } as unknown as Report;
    expect(failedCheckIds(report)).toEqual(['performance.metric.q_1___x']);
  });
});
