/**
 * "What was our production baseline on 3 March?", answered from the event log without I/O.
 *
 * A pin is known by its match keys (dataset, task). For each pin the policy has now or a
 * `pin_changed` event mentions: the last change at or before the date gives the baseline it
 * named then; when every recorded change is later, the first change's `from` is what it
 * named before (null: no such pin yet); a pin with no recorded change is today's value, and
 * the answer says the log cannot tell since when. Rollouts' `promoted_to_production` events
 * (subject: the rollout id; to: the baseline now serving) answer what served traffic, per rollout.
 */
import type { Pin } from '../policy/schema.js';
import type { LifecycleEvent } from '../store/events.js';

export interface PinAt {
  dataset?: string;
  task?: string;
  /** The baseline the pin named at the date; null when there was no such pin. */
  baseline: string | null;
  /** How the answer was found, in words. */
  source: string;
  /** The event that set it, when one did. */
  since?: string;
}

export interface ProductionAt {
  rollout: string;
  baseline: string;
  since: string;
}

export interface HistoryAt {
  at: string;
  pins: PinAt[];
  production: ProductionAt[];
}

const keyOf = (pin: { dataset?: string | undefined; task?: string | undefined }): string => JSON.stringify([pin.dataset ?? null, pin.task ?? null]);

function describeKeys(pin: { dataset?: string | undefined; task?: string | undefined }): Pick<PinAt, 'dataset' | 'task'> {
  return { ...(pin.dataset === undefined ? {} : { dataset: pin.dataset }), ...(pin.task === undefined ? {} : { task: pin.task }) };
}

export function historyAt(at: string, currentPins: readonly Pin[], events: readonly LifecycleEvent[]): HistoryAt {
  const when = Date.parse(at);
  if (Number.isNaN(when)) throw new Error(`historyAt: invalid date ${at}`);
  const changes = events.filter((e) => e.type === 'pin_changed' && e.pin !== undefined).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const keys = new Map<string, Pick<PinAt, 'dataset' | 'task'>>();
  for (const pin of currentPins) keys.set(keyOf(pin), describeKeys(pin));
  for (const change of changes) if (change.pin) keys.set(keyOf(change.pin), describeKeys(change.pin));

  const pins: PinAt[] = [];
  for (const [key, match] of keys) {
    const mine = changes.filter((c) => c.pin !== undefined && keyOf(c.pin) === key);
    const before = mine.filter((c) => Date.parse(c.at) <= when);
    const last = before[before.length - 1];
    const first = mine[0];
    if (last) {
      pins.push({ ...match, baseline: last.to, source: `pin_changed event of ${last.at} by ${last.actor}`, since: last.at });
    } else if (first) {
      pins.push({ ...match, baseline: first.from, source: `before the first recorded change (${first.at})` });
    } else {
      const current = currentPins.find((p) => keyOf(p) === key);
      pins.push({ ...match, baseline: current?.baseline ?? null, source: 'the policy today: no change recorded in the log, so it may have been set later' });
    }
  }

  const production = new Map<string, ProductionAt>();
  for (const event of [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))) {
    if (event.type !== 'promoted_to_production' || Date.parse(event.at) > when) continue;
    if (event.to === null) continue;
    production.set(event.subject, { rollout: event.subject, baseline: event.to, since: event.at });
  }
  return { at: new Date(when).toISOString(), pins, production: [...production.values()] };
}
