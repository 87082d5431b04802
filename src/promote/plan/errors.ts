/**
 * A promotion that was understood but refused (exit code 1, like a failing gate): the
 * destination exists and differs, a gate failed, a file is too large, a branch holds
 * commits we did not make. Bad input (ids, flags) stays a UsageError (exit code 2).
 */
import { Refused } from '../../contract/errors.js';

export class PromotionRefused extends Refused {
  override name = 'PromotionRefused';
}
