/**
 * The key families added to the secret scan: Google API, Slack, Stripe, Azure, npm, Hugging
 * Face and Weights & Biases. Every fake key is built at run time from a seeded generator in
 * the family's shape, so no token-shaped string sits in the repository; each is found in
 * JSONL text, shown only masked, and look-alikes are left alone.
 */
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../../src/provenance/secrets/patterns.js';
import { scanText } from '../../../../src/provenance/secrets/scanner.js';
import { FAMILY_KEYS } from '../../../support/fake-keys.js';

describe('the added key families', () => {
  it.each([
    ['Google API key', 'google-api-key', FAMILY_KEYS.google, `AIza…${FAMILY_KEYS.google.slice(-4)}`],
    ['Slack bot token', 'slack-token', FAMILY_KEYS.slackBot, `xoxb-…${FAMILY_KEYS.slackBot.slice(-4)}`],
    ['Slack user token', 'slack-token', FAMILY_KEYS.slackUser, `xoxp-…${FAMILY_KEYS.slackUser.slice(-4)}`],
    ['Slack app token', 'slack-token', FAMILY_KEYS.slackApp, `xapp-…${FAMILY_KEYS.slackApp.slice(-4)}`],
    ['Slack webhook', 'slack-webhook', FAMILY_KEYS.slackWebhook, `hooks.slack.com/services/…${FAMILY_KEYS.slackWebhook.slice(-4)}`],
    ['Stripe secret key', 'stripe-key', FAMILY_KEYS.stripeLive, `sk_live_…${FAMILY_KEYS.stripeLive.slice(-4)}`],
    ['Stripe restricted key', 'stripe-key', FAMILY_KEYS.stripeRestricted, `rk_test_…${FAMILY_KEYS.stripeRestricted.slice(-4)}`],
    ['Azure storage account key', 'azure-storage-key', FAMILY_KEYS.azureStorage, `AccountKey=…${FAMILY_KEYS.azureStorage.slice(-4)}`],
    ['Azure (Entra ID) client secret', 'azure-client-secret', FAMILY_KEYS.azureClientSecret, `8Q~…${FAMILY_KEYS.azureClientSecret.slice(-4)}`],
    ['npm token', 'npm-token', FAMILY_KEYS.npm, `npm_…${FAMILY_KEYS.npm.slice(-4)}`],
    ['Hugging Face user token', 'huggingface-token', FAMILY_KEYS.huggingface, `hf_…${FAMILY_KEYS.huggingface.slice(-4)}`],
    ['Hugging Face org token', 'huggingface-token', FAMILY_KEYS.huggingfaceOrg, `api_org_…${FAMILY_KEYS.huggingfaceOrg.slice(-4)}`],
  ])('finds a %s and shows it masked', (_name, kind, key, masked) => {
    const scan = scanText(`{"id":"a","output":"config ${key} here"}\n`);
    expect(scan.findings).toEqual([{ kind, line: 1, masked }]);
    const secretPart = key.slice(key.length - 20, key.length - 4);
    expect(JSON.stringify(scan.findings)).not.toContain(secretPart);
    expect(redactSecrets(`x ${key} y`)).not.toContain(secretPart);
  });

  it.each([
    ['an environment file', `WANDB_API_KEY=${FAMILY_KEYS.wandb}\n`, 'WANDB_API_KEY='],
    ['a JSON field', `{"wandb_api_key": "${FAMILY_KEYS.wandb}"}\n`, 'wandb_api_key='],
    ['JSON escaped inside JSONL', `{"log": "export WANDB_API_KEY=\\"${FAMILY_KEYS.wandb}\\""}\n`, 'WANDB_API_KEY='],
    ['a .netrc entry', `machine api.wandb.ai\n  login user\n  password ${FAMILY_KEYS.wandb}\n`, 'api.wandb.ai password '],
    ['a W&B Server key', `WANDB_API_KEY: local-${FAMILY_KEYS.wandb}\n`, 'WANDB_API_KEY='],
  ])('finds a Weights & Biases key in %s', (_where, text, prefix) => {
    const scan = scanText(text);
    expect(scan.findings.map((f) => [f.kind, f.masked])).toEqual([['wandb-api-key', `${prefix}…${FAMILY_KEYS.wandb.slice(-4)}`]]);
  });

  it('leaves look-alikes alone', () => {
    const text = [
      // 40 hex digits are a git commit, not a key, unless named as a W&B key.
      `{"commit": "${FAMILY_KEYS.wandb}"}`,
      `WANDB_API_KEY=${FAMILY_KEYS.wandb.slice(0, 39)}`,
      // Publishable Stripe keys are public by design.
      `pk_live_${'a1'.repeat(20)}`,
      // Prefixes glued to other words, and too short to be keys.
      `my${FAMILY_KEYS.google}`,
      'xoxb-not-a-token',
      'npm_install_log_file',
      `AccountKey=${'A'.repeat(40)}==`,
      'hooks.slack.com/services/short',
    ].join('\n');
    expect(scanText(text).findings).toEqual([]);
  });
});
