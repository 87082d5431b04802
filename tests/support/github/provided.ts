// What global setup hands to test files through vitest's `inject`. Strings and numbers only:
// values cross from the main process to the workers.
export interface GitHubProvided {
  /** GITHUB_API_URL for the code under test (validating front -> Prism -> fake); '' if startup failed. */
  githubApiUrl: string;
  /** The fake without validation in front (control API and quick direct checks). */
  githubFakeUrl: string;
  /** The fake's control API root. */
  githubControlUrl: string;
  /** How long Prism took to start listening, in ms (-1 when it did not start). */
  githubPrismStartupMs: number;
  /** Why the harness is unavailable, or ''. */
  githubHarnessError: string;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging with vitest's context
  export interface ProvidedContext extends GitHubProvided {}
}
