/**
 * The events a promotion writes into its own commit (DESIGN.md section 10): `promoted` (who,
 * when, from which run to which folder, why, the gate report's digest and, in the action,
 * the workflow run), and `pin_changed` when `set-pin` moved a pin. Pure; built from the
 * plan's own fields, so a re-run that adopts promoted_at and promoted_by writes the very same
 * files.
 */
import { eventFile, type EventFile } from '../../store/events.js';

export interface PromotionEventInput {
  id: string;
  sourceDir: string;
  destinationDir: string;
  reason: string;
  promotedAt: string;
  promotedBy: string;
  reportDigest: string;
  /** False when the destination already held exactly this promotion (nothing is promoted now). */
  promotes: boolean;
  workflowRunUrl?: string;
  pin?: { pin: { dataset: string; task?: string }; previous: string | null };
}

export function promotionEvents(input: PromotionEventInput): EventFile[] {
  const url = input.workflowRunUrl === undefined ? {} : { workflow_run_url: input.workflowRunUrl };
  const events: EventFile[] = [];
  if (input.promotes) {
    events.push(eventFile({
      type: 'promoted', at: input.promotedAt, actor: input.promotedBy, subject: input.id,
      from: input.sourceDir, to: input.destinationDir, reason: input.reason.trim(), gate_report_sha256: input.reportDigest, ...url,
    }));
  }
  if (input.pin && input.pin.previous !== input.id) {
    events.push(eventFile({
      type: 'pin_changed', at: input.promotedAt, actor: input.promotedBy, subject: input.id,
      from: input.pin.previous, to: input.id, pin: input.pin.pin, reason: `set-pin with the promotion of ${input.sourceDir}`, ...url,
    }));
  }
  return events;
}
