/**
 * `set-pin`: point the policy's pin for the run's dataset and task at the new baseline, in the
 * same change as the promotion. Edited through the `yaml` Document API so the user's comments
 * and layout survive; the result is re-validated and must resolve to the new baseline.
 */
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { UsageError } from '../contract/errors.js';
import { parsePolicy } from './parse.js';
import { pinMatches, resolveBaseline } from './baseline.js';

export interface PinEdit {
  text: string;
  /** What changed, in words (for the PR and the CLI). */
  change: string;
  /** The pin's match keys and the baseline it named before (null: a new pin), for the `pin_changed` event. */
  pin: { dataset: string; task?: string };
  previous: string | null;
}

function field(map: YAMLMap, key: string): string | undefined {
  const value = map.get(key);
  return typeof value === 'string' ? value : undefined;
}

export function pinBaseline(policyText: string | undefined, display: string, baselineId: string, dataset: string | undefined, task: string | undefined): PinEdit {
  if (dataset === undefined) {
    throw new UsageError(`set-pin: the run states no dataset id, so no pin can be matched to it; pin ${baselineId} in ${display} by hand`);
  }
  const pin: Record<string, string> = { baseline: baselineId, dataset, ...(task === undefined ? {} : { task }) };
  const where = `dataset ${dataset}${task === undefined ? '' : `, task ${task}`}`;
  let text: string;
  let change: string;
  let previous: string | null = null;
  if (policyText === undefined) {
    text = `# promotion-gate policy (created by set-pin). Reference: schema/policy.schema.json\nversion: 1\npins:\n  - baseline: ${baselineId}\n    dataset: ${JSON.stringify(dataset)}\n${task === undefined ? '' : `    task: ${JSON.stringify(task)}\n`}`;
    change = `created ${display} pinning ${baselineId} for ${where}`;
  } else {
    parsePolicy(policyText, display);
    const doc = parseDocument(policyText, { uniqueKeys: true });
    const pins = doc.get('pins', true);
    if (pins === undefined || pins === null) {
      doc.set('pins', doc.createNode([pin]));
      change = `added pins[0] in ${display}: ${baselineId} for ${where}`;
    } else if (!isSeq(pins)) {
      throw new UsageError(`${display}: pins must be a list to set a pin`);
    } else {
      const maps = pins.items.map((item) => (isMap(item) ? item : undefined));
      const exact = maps.findIndex((m) => m !== undefined && field(m, 'dataset') === dataset && field(m, 'task') === task);
      const exactMap = exact >= 0 ? maps[exact] : undefined;
      if (exactMap) {
        const before = field(exactMap, 'baseline');
        previous = before ?? null;
        exactMap.set('baseline', baselineId);
        change = before === baselineId ? `pins[${exact}] in ${display} already pins ${baselineId}` : `pins[${exact}] in ${display}: ${before ?? '?'} → ${baselineId} (${where})`;
      } else {
        // First match wins: the new, specific pin goes before any broader pin that matches the run.
        const shadow = maps.findIndex((m) => m !== undefined && pinMatches({ baseline: '', dataset: field(m, 'dataset'), task: field(m, 'task') }, dataset, task));
        const at = shadow >= 0 ? shadow : pins.items.length;
        pins.items.splice(at, 0, doc.createNode(pin));
        change = `added pins[${at}] in ${display}: ${baselineId} for ${where}`;
      }
    }
    text = doc.toString({ lineWidth: 0 });
  }
  const policy = parsePolicy(text, display);
  const chosen = resolveBaseline({ pins: policy.pins, dataset, task });
  if (chosen?.id !== baselineId) throw new Error(`set-pin: the edited policy resolves to ${chosen?.id ?? 'no baseline'}, not ${baselineId}`);
  return { text, change, pin: { dataset, ...(task === undefined ? {} : { task }) }, previous };
}
