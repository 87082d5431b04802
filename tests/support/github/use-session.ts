/**
 * The lifecycle every end-to-end file needs: one fake-GitHub session per file, reset before
 * each test, every test ending with no Prism violation, temp folders removed at the end.
 * Returns a stand-in that forwards to the session once `beforeAll` has opened it, so test
 * files keep writing `gh.snapshot(...)` at top level.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { cleanupTempDirs } from '../temp-store.js';
import { createGitHubSession, type GitHubSession } from './control-client.js';

export function useGitHubSession(label: string): GitHubSession {
  let session: GitHubSession | undefined;
  beforeAll(async () => {
    session = await createGitHubSession(label);
  });
  afterAll(async () => {
    await session?.close();
    cleanupTempDirs();
  });
  beforeEach(async () => {
    await session?.reset();
  });
  afterEach(async () => {
    await session?.assertNoViolations();
  });
  return new Proxy({} as GitHubSession, {
    get(_target, property) {
      if (!session) throw new Error(`GitHub session "${label}" is used before beforeAll opened it`);
      const value: unknown = Reflect.get(session, property, session);
      return typeof value === 'function' ? value.bind(session) : value;
    },
  });
}
