/**
 * Fake keys in the shapes of the secret families the scan knows (Google API, Slack, Stripe,
 * Azure, npm, Hugging Face, Weights & Biases), built at run time from a seeded generator so
 * that no token-shaped string sits in the repository for a scanner (ours or GitHub's) to flag.
 */
import { Rng } from '../../src/stats/rng.js';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = '0123456789abcdef';
const rng = new Rng(12);
const chars = (n: number, alphabet = ALNUM): string => {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(rng.nextFloat() * alphabet.length)];
  return out;
};
// A digit at a fixed place keeps every shape "plausible" whatever the generator draws.
const join = (...parts: string[]): string => parts.join('');

export const FAMILY_KEYS = {
  google: join('AI', 'za', chars(30, ALNUM + '_-'), '7', chars(4)),
  slackBot: join('xo', 'xb-', chars(12, DIGITS), '-', chars(13, DIGITS), '-', chars(24)),
  slackUser: join('xo', 'xp-', chars(11, DIGITS), '-', chars(12, DIGITS), '-', chars(12, DIGITS), '-', chars(32, HEX)),
  slackApp: join('xa', 'pp-1-', chars(11, UPPER + DIGITS), '-', chars(13, DIGITS), '-', chars(64, HEX)),
  slackWebhook: join('https://hooks.', 'slack.com/services/T', chars(10, UPPER + DIGITS), '/B', chars(10, UPPER + DIGITS), '/', chars(24)),
  stripeLive: join('sk', '_live_', chars(20), '42', chars(77)),
  stripeRestricted: join('rk', '_test_', chars(20), '9', chars(20)),
  azureStorage: join('DefaultEndpointsProtocol=https;AccountName=evalstore;Account', 'Key=', chars(86, ALNUM + '+/'), '=='),
  azureClientSecret: join(chars(3), '8', 'Q~', chars(10), '5', chars(22, ALNUM + '_~.-'), 'x'),
  npm: join('np', 'm_', chars(30), '1', chars(5)),
  huggingface: join('h', 'f_', chars(30), '2', chars(3)),
  huggingfaceOrg: join('api', '_org_', chars(30), '3', chars(3)),
  wandb: chars(40, HEX),
};
