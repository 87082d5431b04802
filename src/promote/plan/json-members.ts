/**
 * Edits the top level of a JSON object's text while keeping every untouched member's bytes.
 *
 * baseline.json is the user's record: re-serialising it would turn Python's `1.0` into `1`
 * and reorder nothing but still rewrite lines the reviewer must then re-read. Only the
 * promotion fields change, so the diff in the promotion PR shows exactly those lines.
 * The input has already passed the strict parser, so this scanner only needs to find where
 * each member starts and ends.
 */

interface Member {
  key: string;
  keyRaw: string;
  valueRaw: string;
}

const WS = new Set([' ', '\t', '\n', '\r']);

function skipWs(text: string, at: number): number {
  while (at < text.length && WS.has(text[at] ?? '')) at++;
  return at;
}

/** Index just past the string starting at `at` (a `"`). */
function skipString(text: string, at: number): number {
  let i = at + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\') i += 2;
    else if (ch === '"') return i + 1;
    else i++;
  }
  throw new Error('unterminated string');
}

/** Index just past the value starting at `at`. */
function skipValue(text: string, at: number): number {
  const first = text[at];
  if (first === '"') return skipString(text, at);
  if (first === '{' || first === '[') {
    let depth = 0;
    let i = at;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '"') {
        i = skipString(text, i);
        continue;
      }
      if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    throw new Error('unterminated container');
  }
  let i = at;
  while (i < text.length && !WS.has(text[i] ?? '') && text[i] !== ',' && text[i] !== '}') i++;
  return i;
}

interface Parsed {
  members: Member[];
  indent: string;
}

/** The members of a (valid) JSON object text, and the indentation its members use. */
function parseMembers(text: string): Parsed {
  let i = skipWs(text, 0);
  if (text[i] !== '{') throw new Error('not a JSON object');
  const afterBrace = i + 1;
  i = skipWs(text, afterBrace);
  const lead = text.slice(afterBrace, i);
  const indent = lead.includes('\n') ? lead.slice(lead.lastIndexOf('\n') + 1) : '  ';
  const members: Member[] = [];
  while (text[i] !== '}') {
    const keyEnd = skipString(text, i);
    const keyRaw = text.slice(i, keyEnd);
    i = skipWs(text, keyEnd);
    if (text[i] !== ':') throw new Error('expected ":"');
    const valueStart = skipWs(text, i + 1);
    const valueEnd = skipValue(text, valueStart);
    members.push({ key: JSON.parse(keyRaw) as string, keyRaw, valueRaw: text.slice(valueStart, valueEnd) });
    i = skipWs(text, valueEnd);
    if (text[i] === ',') i = skipWs(text, i + 1);
    else if (text[i] !== '}') throw new Error('expected "," or "}"');
  }
  return { members, indent: indent === '' ? '  ' : indent };
}

function stringifyAt(value: unknown, indent: string): string {
  return JSON.stringify(value, null, indent.length > 0 ? indent : 2).replaceAll('\n', `\n${indent}`);
}

/**
 * `text` with the members in `set` replaced in place (or appended, in the given order) and
 * those in `remove` dropped; every other member keeps its exact text. Ends with a newline.
 */
export function editTopLevelMembers(text: string, set: [string, unknown][], remove: ReadonlySet<string> = new Set()): string {
  const { members, indent } = parseMembers(text);
  const values = new Map(set);
  const lines: string[] = [];
  for (const member of members) {
    if (remove.has(member.key) && !values.has(member.key)) continue;
    if (values.has(member.key)) {
      lines.push(`${indent}${member.keyRaw}: ${stringifyAt(values.get(member.key), indent)}`);
      values.delete(member.key);
    } else {
      lines.push(`${indent}${member.keyRaw}: ${member.valueRaw}`);
    }
  }
  for (const [key, value] of values) lines.push(`${indent}${JSON.stringify(key)}: ${stringifyAt(value, indent)}`);
  return lines.length === 0 ? '{}\n' : `{\n${lines.join(',\n')}\n}\n`;
}
