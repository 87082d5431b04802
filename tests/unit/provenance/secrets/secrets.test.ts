import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../../src/provenance/secrets/patterns.js';
import { SecretScanner, scanText } from '../../../../src/provenance/secrets/scanner.js';
import { Rng } from '../../../../src/stats/rng.js';

// Fake credentials, built at run time so that this file itself never holds a token-shaped
// string a scanner (ours or GitHub's) would flag.
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function randomChars(rng: Rng, n: number, alphabet = ALNUM): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(rng.nextFloat() * alphabet.length)];
  return out;
}
const rng = new Rng(7);
export const FAKE = {
  github: `ghp_${randomChars(rng, 32)}9Zz1`,
  githubPat: `github_pat_${randomChars(rng, 22)}_${randomChars(rng, 59)}`,
  openai: `sk-${randomChars(rng, 44)}T3Bl`,
  openaiProject: `sk-proj-${randomChars(rng, 60)}-${randomChars(rng, 20)}`,
  anthropic: `sk-ant-api03-${randomChars(rng, 80)}-AAAA`,
  awsId: `AKIA${randomChars(rng, 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
  awsSecret: randomChars(rng, 40, `${ALNUM}/+`),
  huggingface: `hf_${randomChars(rng, 30)}1234`,
};

describe('secret patterns', () => {
  it.each([
    ['github-token', FAKE.github, 'ghp_…9Zz1'],
    ['github-token', FAKE.githubPat, `github_pat_…${FAKE.githubPat.slice(-4)}`],
    ['openai-key', FAKE.openai, 'sk-…T3Bl'],
    ['openai-key', FAKE.openaiProject, `sk-proj-…${FAKE.openaiProject.slice(-4)}`],
    ['anthropic-key', FAKE.anthropic, 'sk-ant-…AAAA'],
    ['aws-access-key-id', FAKE.awsId, `AKIA…${FAKE.awsId.slice(-4)}`],
    ['huggingface-token', FAKE.huggingface, 'hf_…1234'],
  ])('finds a %s and shows only its masked form', (kind, token, masked) => {
    const scan = scanText(`{"id":"a","output":"use ${token} now"}\n`);
    expect(scan.findings).toEqual([{ kind, line: 1, masked }]);
    expect(JSON.stringify(scan.findings)).not.toContain(token.slice(8, -4));
  });

  it('finds AWS secret keys only next to their key name', () => {
    expect(scanText(`aws_secret_access_key = ${FAKE.awsSecret}\n`).findings).toEqual([
      { kind: 'aws-secret-access-key', line: 1, masked: `aws_secret_access_key=…${FAKE.awsSecret.slice(-4)}` },
    ]);
    expect(scanText(`{"SecretAccessKey": "${FAKE.awsSecret}"}`).findings[0]?.kind).toBe('aws-secret-access-key');
    expect(scanText(`{"text": "AWS_SECRET_ACCESS_KEY=\\"${FAKE.awsSecret}\\""}`).findings[0]?.kind).toBe('aws-secret-access-key');
    expect(scanText(`checksum ${FAKE.awsSecret}\n`).total).toBe(0);
  });

  it('finds private key blocks of every flavour', () => {
    for (const header of ['-----BEGIN RSA PRIVATE KEY-----', '-----BEGIN PRIVATE KEY-----', '-----BEGIN OPENSSH PRIVATE KEY-----', '-----BEGIN PGP PRIVATE KEY BLOCK-----']) {
      expect(scanText(`x\n${header}\nMIIE...\n`).findings).toEqual([{ kind: 'private-key', line: 2, masked: header }]);
    }
    expect(scanText('-----BEGIN PUBLIC KEY-----\n').total).toBe(0);
  });

  it('ignores look-alikes: words ending in "sk-", ids, prefixes glued to other words', () => {
    const text = [
      'task-0123456789abcdefghij0123456789abcdefghij',
      'sk-learn-regression-model-with-a-long-descriptive-name',
      `my${FAKE.github}`,
      `${FAKE.github}x_more`,
      'AKIAEXAMPLE',
      'hf_model_name_without_digits_abcdefghijklmnopq',
      `sk-${'a'.repeat(48)}`,
    ].join('\n');
    expect(scanText(text).findings).toEqual([]);
  });

  it('counts lines correctly, including CRLF files', () => {
    const scan = scanText(`a\r\nb\r\n\r\nkey ${FAKE.github}\r\n${FAKE.awsId}\n`);
    expect(scan.findings.map((f) => f.line)).toEqual([4, 5]);
  });

  it('finds a secret split across chunks exactly once, at every split point', () => {
    const text = `${'x'.repeat(700)}\n"${FAKE.anthropic}"\n${'y'.repeat(300)} ${FAKE.github}\n`;
    const bytes = Buffer.from(text);
    for (let size = 1; size <= 64; size += 7) {
      const scanner = new SecretScanner();
      for (let i = 0; i < bytes.length; i += size) scanner.push(bytes.subarray(i, i + size));
      scanner.end();
      expect(scanner.findings.map((f) => [f.kind, f.line])).toEqual([['anthropic-key', 2], ['github-token', 3]]);
    }
    for (let cut = 690; cut < 1000; cut += 3) {
      const scanner = new SecretScanner();
      scanner.push(bytes.subarray(0, cut));
      scanner.push(bytes.subarray(cut));
      scanner.end();
      expect(scanner.total).toBe(2);
    }
  });

  it('finds a secret across the 64 KiB windows of one large chunk exactly once, on its line', () => {
    // One push of 200 KB: the scanner cuts it into windows itself.
    for (const at of [65_536 - 60, 65_536 - 1, 65_536, 131_072 - 30]) {
      const head = `${'w'.repeat(99)}\n`.repeat(Math.floor(at / 100)) + 'v'.repeat(at % 100);
      const text = `${head} ${FAKE.github} \n${'u'.repeat(200_000 - at)}\n`;
      const scanner = new SecretScanner();
      scanner.push(Buffer.from(text));
      scanner.end();
      expect(scanner.findings.map((f) => [f.kind, f.line])).toEqual([['github-token', Math.floor(at / 100) + 1]]);
    }
  });

  it('counts every line once in windows it never decodes, whatever offset a line ends at', () => {
    // Windows without a secret are skipped undecoded: their lines are counted in the bytes, up to
    // where the next window's search starts. Seven-byte lines, shifted through all seven offsets,
    // put a line end exactly at each such boundary in one of the shifts.
    for (let shift = 0; shift < 7; shift++) {
      const text = `${'y'.repeat(shift)}${'abcdef\n'.repeat(40_000)}${FAKE.github}\n`;
      expect(scanText(text).findings.map((f) => f.line)).toEqual([40_001]);
    }
  });

  it('keeps the word-boundary rule across chunk boundaries', () => {
    const bytes = Buffer.from(`${'z'.repeat(1000)}my${FAKE.github}\n`);
    for (let cut = 990; cut < 1010; cut++) {
      const scanner = new SecretScanner();
      scanner.push(bytes.subarray(0, cut));
      scanner.push(bytes.subarray(cut));
      scanner.end();
      expect(scanner.total).toBe(0);
    }
  });

  it('redacts secrets in report text', () => {
    const text = `api_key: ${FAKE.openai}\nother: fine\n`;
    expect(redactSecrets(text)).toBe('api_key: sk-…T3Bl\nother: fine\n');
  });
});
