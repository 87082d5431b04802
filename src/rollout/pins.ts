/**
 * On promotion to production the policy's pins follow: every pin naming the champion now names
 * the challenger, so the next gates compare candidates with what serves traffic. Edited through
 * the `yaml` Document API (like set-pin), so comments and layout survive, then re-validated.
 */
import { isMap, isSeq, parseDocument } from 'yaml';
import { parsePolicy } from '../policy/parse.js';

export interface PinChange {
  index: number;
  pin: { dataset?: string; task?: string };
  description: string;
}

export function movePins(policyText: string, display: string, from: string, to: string): { text: string; changes: PinChange[] } {
  parsePolicy(policyText, display);
  const doc = parseDocument(policyText, { uniqueKeys: true });
  const pins = doc.get('pins', true);
  const changes: PinChange[] = [];
  if (isSeq(pins)) {
    pins.items.forEach((item, index) => {
      if (!isMap(item) || item.get('baseline') !== from) return;
      item.set('baseline', to);
      const dataset = item.get('dataset');
      const task = item.get('task');
      const pin = { ...(typeof dataset === 'string' ? { dataset } : {}), ...(typeof task === 'string' ? { task } : {}) };
      changes.push({ index, pin, description: `pins[${index}] in ${display}: ${from} → ${to}` });
    });
  }
  if (changes.length === 0) return { text: policyText, changes };
  const text = doc.toString({ lineWidth: 0 });
  const policy = parsePolicy(text, display);
  if (policy.pins.some((p) => p.baseline === from)) throw new Error(`moving pins from ${from} left one behind in ${display}`);
  return { text, changes };
}
