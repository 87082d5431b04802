/** Reading octokit's errors without `any`: the HTTP status, when there was an answer at all. */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const status = (error as { status: unknown }).status;
  return typeof status === 'number' && status >= 100 ? status : undefined;
}

/**
 * Whether a write may have happened even though it reported failure: a 5xx, a timeout or a
 * reset connection (RELIABILITY G4). A 4xx is a definite "no".
 */
export function outcomeUnknown(error: unknown): boolean {
  const status = httpStatus(error);
  return status === undefined || status >= 500;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
