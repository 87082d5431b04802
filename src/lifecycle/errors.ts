/**
 * A lifecycle change that was understood but refused (exit code 1, like a refused
 * promotion): a branch that exists with other content, commits on the cleanup branch that
 * promotion-gate did not make. Bad input stays a UsageError (exit code 2).
 */
export class ChangeRefused extends Error {
  override name = 'ChangeRefused';
}
