/**
 * What GitHub's refusals mean for a branch-and-pull-request write such as a promotion
 * (RELIABILITY G11, G12). The 422s are expected
 * outcomes of a re-run or a race and are handled by finding what exists; a 403 on creating
 * the pull request is the repository setting that forbids Actions to open PRs.
 */
import { httpStatus } from './errors.js';

/** Every message GitHub put in the error (top-level and per-field), lower-cased. */
function texts(error: unknown): string {
  const parts: string[] = [];
  if (error instanceof Error) parts.push(error.message);
  const data = (error as { response?: { data?: unknown } } | null)?.response?.data;
  if (typeof data === 'object' && data !== null) {
    const record = data as { message?: unknown; errors?: unknown };
    if (typeof record.message === 'string') parts.push(record.message);
    if (Array.isArray(record.errors)) {
      for (const item of record.errors as unknown[]) {
        if (typeof item === 'string') parts.push(item);
        else if (typeof item === 'object' && item !== null && typeof (item as { message?: unknown }).message === 'string') parts.push((item as { message: string }).message);
      }
    }
  }
  return parts.join(' | ').toLowerCase();
}

export const isUnprocessable = (error: unknown): boolean => httpStatus(error) === 422;

export const pullRequestAlreadyExists = (error: unknown): boolean => isUnprocessable(error) && texts(error).includes('a pull request already exists');

export const noCommitsBetween = (error: unknown): boolean => isUnprocessable(error) && texts(error).includes('no commits between');

/** "Reference already exists" (create) or "Update is not a fast forward" (update): someone moved the branch first. */
export const branchMovedUnderUs = (error: unknown): boolean => {
  const text = texts(error);
  return isUnprocessable(error) && (text.includes('reference already exists') || text.includes('not a fast forward') || text.includes('reference does not exist'));
};

export const ACTIONS_PR_SETTING = 'Allow GitHub Actions to create and approve pull requests';

export function forbidsActionsPullRequests(error: unknown): boolean {
  return httpStatus(error) === 403 && texts(error).includes('not permitted to create or approve pull requests');
}

export function isForbidden(error: unknown): boolean {
  return httpStatus(error) === 403 || httpStatus(error) === 401;
}
