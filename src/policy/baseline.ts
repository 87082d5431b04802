/**
 * Which baseline a candidate is compared with (DESIGN.md section 2), in order: the explicit
 * flag or input, `baseline:` in the run's config.yaml, then the first policy pin whose
 * dataset and task (where given) match the run's. Pure: the caller checks the id exists.
 */
import type { Pin } from './schema.js';

export type BaselineSource = 'flag' | 'config' | 'pin';

export interface BaselineChoice {
  id: string;
  source: BaselineSource;
  /** Human explanation, shown in the report. */
  why: string;
}

export interface ResolveInput {
  flag?: string;
  flagName?: string;
  configBaseline?: string;
  pins: Pin[];
  dataset?: string;
  task?: string;
}

export function pinMatches(pin: Pin, dataset?: string, task?: string): boolean {
  if (pin.dataset !== undefined && pin.dataset !== dataset) return false;
  if (pin.task !== undefined && pin.task !== task) return false;
  return true;
}

export function resolveBaseline(input: ResolveInput): BaselineChoice | null {
  if (input.flag) return { id: input.flag, source: 'flag', why: `given by ${input.flagName ?? '--baseline'}` };
  if (input.configBaseline) return { id: input.configBaseline, source: 'config', why: 'named by `baseline:` in the run\'s config.yaml' };
  const index = input.pins.findIndex((pin) => pinMatches(pin, input.dataset, input.task));
  const pin = input.pins[index];
  if (pin) {
    const keys = [pin.dataset && `dataset ${pin.dataset}`, pin.task && `task ${pin.task}`].filter(Boolean).join(', ');
    return { id: pin.baseline, source: 'pin', why: `policy pins[${index}]${keys ? ` (${keys})` : ''}` };
  }
  return null;
}
