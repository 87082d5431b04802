/**
 * Through the bundled CLI: a run whose files hold a key of every added family fails the
 * compliance gate's secret check, which names each family, and no output (terminal, JSON,
 * Markdown, stderr) ever carries the secret part of a key.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBundledCli } from '../support/cli.js';
import { FAMILY_KEYS } from '../support/fake-keys.js';
import { cleanupTempDirs, simpleStore, writeRun } from '../support/temp-store.js';
import type { Report } from '../../src/contract/report.js';

afterAll(cleanupTempDirs);

describe('secret families through the gate', () => {
  it('fails the run, names every family, and prints each key only masked', async () => {
    const keys = Object.values(FAMILY_KEYS);
    const store = simpleStore();
    writeRun(store, 'runs/cand', {
      extra: {
        'notes.txt': `${keys.filter((k) => k !== FAMILY_KEYS.wandb).join('\n')}\nWANDB_API_KEY=${FAMILY_KEYS.wandb}\n`,
      },
    });
    const json = join(store, 'r.json');
    const md = join(store, 'r.md');
    const result = await runBundledCli(['gate', '--store', store, '--run', 'cand', '--json', json, '--markdown', md]);
    expect(result.code).toBe(1);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    const check = report.gates.find((g) => g.name === 'compliance')?.checks.find((c) => c.id === 'artifacts.secrets');
    expect(check?.status).toBe('fail');
    const outputs = [result.stdout, result.stderr, readFileSync(json, 'utf8'), readFileSync(md, 'utf8')].join('\n');
    for (const kind of ['google-api-key', 'slack-token', 'slack-webhook', 'stripe-key', 'azure-storage-key', 'azure-client-secret', 'npm-token', 'huggingface-token', 'wandb-api-key']) {
      expect(outputs, kind).toContain(kind);
    }
    for (const key of keys) expect(outputs).not.toContain(key.slice(-20, -4));
  });
});
