/**
 * Credential patterns (RELIABILITY F18) and how a finding is shown: only a masked form,
 * the recognisable prefix plus the last four characters (`ghp_…a1B2`), ever leaves this
 * module. Every quantifier is bounded so that a match can never be longer than
 * MAX_SECRET_LENGTH: the streaming scanner relies on that to carry a fixed overlap.
 */

export type SecretKind =
  | 'github-token'
  | 'openai-key'
  | 'anthropic-key'
  | 'aws-access-key-id'
  | 'aws-secret-access-key'
  | 'huggingface-token'
  | 'google-api-key'
  | 'slack-token'
  | 'slack-webhook'
  | 'stripe-key'
  | 'azure-storage-key'
  | 'azure-client-secret'
  | 'npm-token'
  | 'wandb-api-key'
  | 'private-key';

interface Pattern {
  kind: SecretKind;
  group: string;
  source: string;
  /**
   * A regex (matched case-insensitively) that every match of `source` contains: the cheap
   * pre-check of `mayHoldSecret`. A pattern without one could never be masked in a report.
   */
  hint: string;
  /**
   * Two-character strings, matched case-sensitively, of which every match of `source` contains
   * one, inside the part that matches `hint`: the byte-level pre-filter of the streaming scan
   * (prefilter.ts) looks for these, then tests `hint` around each. Chosen rare in ordinary
   * JSONL (underscores after gh/b/g/k/m, uppercase pairs, punctuation), with every case
   * spelling of a case-insensitive name.
   */
  anchors: string[];
  /** Token-like secrets must not be glued to other word characters on either side. */
  bounded: boolean;
  /** Extra sanity test on the matched text (cuts false positives on ordinary words). */
  plausible?: (text: string) => boolean;
  /** The non-secret part shown before the ellipsis. */
  prefix: (text: string) => string;
}

/** Case-insensitive spelling of a word, for use inside an otherwise case-sensitive regex. */
function anyCase(word: string): string {
  return [...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join('');
}

/** Every upper/lower-case spelling of a two-letter string (anchors of case-insensitive names). */
function casings(pair: string): string[] {
  const [a, b] = [...pair.toLowerCase()] as [string, string];
  return [a + b, a + b.toUpperCase(), a.toUpperCase() + b, (a + b).toUpperCase()];
}

const hasDigit = (text: string): boolean => /[0-9]/.test(text);
const awsKeyName = `(?:${anyCase('aws')}_?)?${anyCase('secret')}_?${anyCase('access')}_?${anyCase('key')}`;
const wandbKeyName = `${anyCase('wandb')}[_-]?${anyCase('api')}[_-]?${anyCase('key')}`;
/** `name = value`, `name: value`, `"name": "value"` (also JSON escaped inside JSONL). */
const assigned = `\\\\?["']?\\s{0,4}[:=]\\s{0,4}\\\\?["']?`;

const PATTERNS: Pattern[] = [
  {
    kind: 'github-token',
    group: 'github',
    source: 'gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,244}',
    hint: 'gh[pousr]_|github_pat_',
    anchors: ['p_', 'o_', 'u_', 's_', 'r_', 'b_'],
    bounded: true,
    prefix: (t) => (t.startsWith('github_pat_') ? 'github_pat_' : t.slice(0, 4)),
  },
  {
    kind: 'anthropic-key',
    group: 'anthropic',
    source: 'sk-ant-[A-Za-z0-9_-]{32,248}',
    hint: 'sk-[a-z0-9_-]{13}',
    anchors: ['k-'],
    bounded: true,
    prefix: () => 'sk-ant-',
  },
  {
    kind: 'openai-key',
    group: 'openai',
    source: 'sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{32,240}|sk-[A-Za-z0-9]{32,250}',
    hint: 'sk-[a-z0-9_-]{13}',
    anchors: ['k-'],
    bounded: true,
    plausible: hasDigit,
    prefix: (t) => /^sk-(?:proj|svcacct|admin)-/.exec(t)?.[0] ?? 'sk-',
  },
  {
    kind: 'aws-access-key-id',
    group: 'awsid',
    source: '(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}',
    hint: 'AKIA|ASIA|ABIA|ACCA',
    anchors: ['IA', 'CA'],
    bounded: true,
    prefix: (t) => t.slice(0, 4),
  },
  {
    kind: 'aws-secret-access-key',
    group: 'awssecret',
    // The key name, an optional closing quote (JSON, or JSON escaped inside JSONL), `=` or
    // `:`, then 40 base64 characters: a bare 40-character string is too common to flag.
    source: `${awsKeyName}\\\\?["']?\\s{0,4}[:=]\\s{0,4}\\\\?["']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])`,
    hint: 'secret_?access',
    anchors: casings('cr'),
    bounded: false,
    prefix: (t) => `${/^[A-Za-z_]+/.exec(t)?.[0] ?? 'secret_access_key'}=`,
  },
  {
    kind: 'huggingface-token',
    group: 'huggingface',
    source: 'hf_[A-Za-z0-9]{34,40}',
    hint: 'hf_',
    anchors: ['hf'],
    bounded: true,
    plausible: hasDigit,
    prefix: () => 'hf_',
  },
  {
    kind: 'huggingface-token',
    group: 'huggingfaceorg',
    source: 'api_org_[A-Za-z0-9]{34}',
    hint: 'api_org_',
    anchors: ['g_'],
    bounded: true,
    plausible: hasDigit,
    prefix: () => 'api_org_',
  },
  {
    kind: 'google-api-key',
    group: 'google',
    source: 'AIza[0-9A-Za-z_-]{35}',
    hint: 'AIza',
    anchors: ['Iz'],
    bounded: true,
    prefix: () => 'AIza',
  },
  {
    kind: 'slack-token',
    group: 'slack',
    // Bot, user, app-level, refresh and configuration tokens: xoxb-, xoxp-, xoxa-, xoxe-,
    // xoxr-, xoxs-, xoxo- and xapp-: a prefix, a numeric id, then the secret part.
    source: 'xox[abeoprs]-[0-9]{1,16}-[A-Za-z0-9-]{10,200}|xapp-[0-9]-[A-Z0-9]{6,20}-[0-9]{6,20}-[a-f0-9]{32,80}',
    hint: 'xox|xapp-',
    anchors: ['ox', 'p-'],
    bounded: true,
    prefix: (t) => t.slice(0, 5),
  },
  {
    kind: 'slack-webhook',
    group: 'slackhook',
    source: 'hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/+-]{30,160}',
    hint: 'hooks\\.slack\\.com',
    anchors: ['k.'],
    bounded: false,
    prefix: (t) => /^hooks\.slack\.com\/[a-z]+\//.exec(t)?.[0] ?? 'hooks.slack.com/',
  },
  {
    kind: 'stripe-key',
    group: 'stripe',
    // Secret and restricted keys (publishable pk_ keys are meant to be public).
    source: '(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{24,247}',
    hint: '[sr]k_(?:live|test)_',
    anchors: ['k_'],
    bounded: true,
    plausible: hasDigit,
    prefix: (t) => t.slice(0, t.indexOf('_', 3) + 1),
  },
  {
    kind: 'azure-storage-key',
    group: 'azurestorage',
    // A storage or Cosmos DB account key inside a connection string: 64 bytes in base64.
    source: `${anyCase('accountkey')}=[A-Za-z0-9+/]{86}==`,
    hint: 'accountkey',
    anchors: casings('tk'),
    bounded: false,
    prefix: (t) => t.slice(0, 11),
  },
  {
    kind: 'azure-client-secret',
    group: 'azuread',
    // Microsoft Entra ID (Azure AD) client secrets: three characters, a digit, "Q~", then 31-34.
    source: '[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}',
    hint: 'Q~',
    anchors: ['Q~'],
    bounded: true,
    plausible: (t) => /[0-9]/.test(t.slice(6)) && /[A-Za-z]/.test(t.slice(6)),
    prefix: (t) => t.slice(3, 6),
  },
  {
    kind: 'npm-token',
    group: 'npm',
    source: 'npm_[A-Za-z0-9]{36}',
    hint: 'npm_',
    anchors: ['m_'],
    bounded: true,
    plausible: hasDigit,
    prefix: () => 'npm_',
  },
  {
    kind: 'wandb-api-key',
    group: 'wandb',
    // Weights & Biases keys are 40 hex digits (`local-` on W&B Server): too common to flag
    // alone, so only next to their variable name or in a .netrc entry for api.wandb.ai.
    source: `${wandbKeyName}${assigned}(?:local-)?[0-9a-f]{40}(?![0-9a-f])|api\\.wandb\\.ai\\s{1,8}login\\s{1,8}[^\\s]{1,64}\\s{1,8}password\\s{1,8}(?:local-)?[0-9a-f]{40}(?![0-9a-f])`,
    hint: 'wandb',
    anchors: casings('db'),
    bounded: false,
    prefix: (t) => (t.startsWith('api.wandb.ai') ? 'api.wandb.ai password ' : `${/^[A-Za-z_-]+/.exec(t)?.[0] ?? 'WANDB_API_KEY'}=`),
  },
  {
    kind: 'private-key',
    group: 'privatekey',
    source: '-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----',
    hint: '-----BEGIN',
    anchors: ['GI'],
    bounded: false,
    prefix: (t) => t,
  },
];

/** The anchors of every pattern, for the streaming scan's pre-filter. */
export const SECRET_ANCHORS: readonly string[] = [...new Set(PATTERNS.flatMap((p) => p.anchors))];

/** No match of a pattern's `hint` inside a match of its `source` is longer than this. */
export const MAX_HINT_LENGTH = 16;

/** The patterns as data (tests check each one's hint and anchors against its matches). */
export const SECRET_PATTERNS: ReadonlyArray<Readonly<Pick<Pattern, 'kind' | 'source' | 'hint' | 'anchors'>>> = PATTERNS;

/** No match is longer than this (every quantifier above is bounded). */
export const MAX_SECRET_LENGTH = 320;

/**
 * Whether `text` may hold a credential: a test of every pattern's hint, far cheaper than the
 * patterns themselves. Most strings of a report hold none and skip the full scan.
 */
const SECRET_HINT = new RegExp(PATTERNS.map((p) => p.hint).join('|'), 'i');
export function mayHoldSecret(text: string): boolean {
  return SECRET_HINT.test(text);
}

/** One regex for all patterns: the scanner makes a single pass over each chunk. */
export function combinedSecretRegex(): RegExp {
  return new RegExp(PATTERNS.map((p) => `(?<${p.group}>${p.source})`).join('|'), 'g');
}

const WORD = /[A-Za-z0-9_]/;

export interface SecretMatch {
  kind: SecretKind;
  masked: string;
}

/**
 * Classifies a regex match found at `index` of `text`, or returns undefined when it is not
 * plausible (glued to neighbouring word characters, or failing the pattern's sanity test).
 */
export function classifyMatch(match: RegExpExecArray, text: string): SecretMatch | undefined {
  const pattern = PATTERNS.find((p) => match.groups?.[p.group] !== undefined);
  if (!pattern) return undefined;
  const value = match[0];
  if (pattern.bounded) {
    const before = text[match.index - 1];
    const after = text[match.index + value.length];
    if ((before !== undefined && WORD.test(before)) || (after !== undefined && WORD.test(after))) return undefined;
  }
  if (pattern.plausible && !pattern.plausible(value)) return undefined;
  return { kind: pattern.kind, masked: maskSecret(pattern, value) };
}

function maskSecret(pattern: Pattern, value: string): string {
  if (pattern.kind === 'private-key') return value;
  return `${pattern.prefix(value)}…${value.slice(-4)}`;
}

const REDACT_REGEX = combinedSecretRegex();

/**
 * Replaces every secret in `text` with its masked form. Used on any repository text that
 * goes into a report (prompt and config diffs), never only on artifacts.
 */
export function redactSecrets(text: string): string {
  // Compiled once: every loop below runs `exec` until it returns null, which leaves
  // lastIndex at 0 for the next call.
  const regex = REDACT_REGEX;
  let out = '';
  let last = 0;
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    const found = classifyMatch(match, text);
    if (!found) {
      regex.lastIndex = match.index + 1;
      continue;
    }
    out += text.slice(last, match.index) + found.masked;
    last = match.index + match[0].length;
    if (found.kind === 'private-key') {
      // Only the header is matched; the key body that follows is the secret.
      const end = /-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
      end.lastIndex = last;
      const closing = end.exec(text);
      out += '…(key body removed)';
      last = closing ? closing.index + closing[0].length : text.length;
      regex.lastIndex = last;
    }
  }
  return out + text.slice(last);
}
