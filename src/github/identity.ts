/**
 * Who this token is, so the sticky comment only ever matches comments written by us
 * (RELIABILITY G5, G6): a marker is plain text anyone can paste, the author is not.
 *
 * GET /user answers for personal access tokens and user tokens. GitHub refuses it (403
 * "Resource not accessible by integration") for installation tokens, and GITHUB_TOKEN is
 * one: its comments are written by `github-actions[bot]`, so that is the identity assumed
 * then. A different GitHub App's token writes as `<app-slug>[bot]`, which such a token
 * cannot look up; `adopt` learns it from the first comment it writes in this run.
 */
import type { GitHubClient } from './client.js';
import { httpStatus } from './errors.js';

export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

export interface CommentAuthor {
  login: string;
  type?: string;
}

export class TokenIdentity {
  constructor(
    public login: string,
    /** How the login was learned, for the log. */
    public source: 'GET /user' | 'installation token' | 'written comment',
  ) {}

  isOwn(user: CommentAuthor | null | undefined): boolean {
    return user !== null && user !== undefined && user.login.toLowerCase() === this.login.toLowerCase();
  }

  /** The author of a comment this run just wrote is, by definition, this token. */
  adopt(user: CommentAuthor | null | undefined): void {
    if (user && !this.isOwn(user)) {
      this.login = user.login;
      this.source = 'written comment';
    }
  }
}

export async function resolveIdentity(client: GitHubClient): Promise<TokenIdentity> {
  try {
    const { data } = await client.rest.users.getAuthenticated();
    return new TokenIdentity(data.login, 'GET /user');
  } catch (error) {
    const status = httpStatus(error);
    if (status === 401 || status === 403) return new TokenIdentity(ACTIONS_BOT_LOGIN, 'installation token');
    throw error;
  }
}
