/**
 * Placeholder: `command: promote` is issue 4's, written in parallel. This file only fixes
 * the signature main.ts dispatches to; the real implementation replaces it.
 */
import { UsageError } from '../errors.js';
import type { ActionDeps } from './deps.js';
import type { ActionSettings } from './settings.js';

export async function runPromoteAction(_settings: ActionSettings, _deps: ActionDeps): Promise<void> {
  throw new UsageError('input command: promote is not implemented yet');
}
