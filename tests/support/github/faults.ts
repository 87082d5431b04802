// Fault injection: rules a test adds to its session, consumed by matching requests. They make
// the failure modes of RELIABILITY.md G3, G4, G8, G11 and G12 reproducible at exact points.
import type { FaultSpec } from './protocol.js';
import type { Reply } from './http.js';

interface ActiveFault extends FaultSpec {
  id: string;
  fired: number;
  /** Session write count when the fault was added (afterNthWrite counts from here). */
  writesAtAdd: number;
  regex: RegExp | undefined;
}

export interface FaultRequest {
  method: string;
  path: string;
  write: boolean;
  /** Session writes before this request. */
  writesBefore: number;
}

const SECONDARY_RATE_LIMIT =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
  'If you reach out to GitHub Support for help, please include the request ID.';
const RATE_LIMIT_DOCS = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api';

function withDefaults(spec: FaultSpec): FaultSpec {
  if (spec.kind === 'forbid-pr-creation') {
    return { method: 'POST', pathPattern: '^/repos/[^/]+/[^/]+/pulls$', ...spec };
  }
  return spec;
}

export class FaultBook {
  private readonly faults: ActiveFault[] = [];
  private nextId = 1;

  add(input: FaultSpec, writesNow: number): string {
    if (input.kind === 'drop-field' && !input.field) throw new Error('a drop-field fault needs `field`');
    const spec = withDefaults(input);
    const id = `fault-${this.nextId++}`;
    // Compile now so a bad pattern fails the test that added it, not some later request.
    const regex = spec.pathPattern === undefined ? undefined : new RegExp(spec.pathPattern);
    this.faults.push({ ...spec, id, fired: 0, writesAtAdd: writesNow, regex });
    return id;
  }

  clear(): void {
    this.faults.splice(0);
  }

  list(): Array<FaultSpec & { id: string; fired: number; exhausted: boolean }> {
    return this.faults.map(({ regex: _regex, writesAtAdd: _w, ...fault }) => ({ ...fault, exhausted: this.exhausted(fault) }));
  }

  /** Finds the first live fault matching the request and uses it up once. */
  take(request: FaultRequest): ActiveFault | undefined {
    const fault = this.faults.find((f) => !this.exhausted(f) && this.matches(f, request));
    if (fault) fault.fired += 1;
    return fault;
  }

  private exhausted(fault: { times?: number | 'always' | undefined; fired: number }): boolean {
    const times = fault.times ?? 1;
    return times !== 'always' && fault.fired >= times;
  }

  private matches(fault: ActiveFault, request: FaultRequest): boolean {
    if (fault.method && fault.method.toUpperCase() !== request.method) return false;
    if (fault.regex && !fault.regex.test(request.path)) return false;
    if (fault.afterNthWrite !== undefined) {
      if (!request.write) return false;
      if (request.writesBefore - fault.writesAtAdd < fault.afterNthWrite) return false;
    }
    return true;
  }
}

/** The answer for faults that replace the response (reset kinds are handled by the server). */
export function faultReply(fault: FaultSpec): Reply {
  const marker = { 'x-fake-fault': fault.kind };
  switch (fault.kind) {
    case 'status':
    case 'apply-then-5xx': {
      const status = fault.status ?? (fault.kind === 'status' ? 500 : 502);
      const headers: Record<string, string> = { ...marker };
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
      return { status, headers, body: { message: fault.message ?? 'Server Error', documentation_url: 'https://docs.github.com/rest' } };
    }
    case 'secondary-rate-limit': {
      const headers: Record<string, string> = { ...marker };
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
      return {
        status: fault.status ?? 403,
        headers,
        body: { message: fault.message ?? SECONDARY_RATE_LIMIT, documentation_url: `${RATE_LIMIT_DOCS}#about-secondary-rate-limits` },
      };
    }
    case 'primary-rate-limit': {
      const reset = Math.ceil(Date.now() / 1000 + (fault.retryAfter ?? 1));
      return {
        status: fault.status ?? 403,
        headers: {
          ...marker,
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-used': '5000',
          'x-ratelimit-reset': String(reset),
          'x-ratelimit-resource': 'core',
        },
        body: { message: fault.message ?? 'API rate limit exceeded for installation ID 1.', documentation_url: RATE_LIMIT_DOCS },
      };
    }
    case 'forbid-pr-creation':
      return {
        status: 403,
        headers: marker,
        body: {
          message: fault.message ?? 'GitHub Actions is not permitted to create or approve pull requests.',
          documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
          status: '403',
        },
      };
    case 'reset':
    case 'apply-then-reset':
    case 'drop-field':
      throw new Error(`fault ${fault.kind} has no replacement reply`);
  }
}

/** Removes `field` from an object answer, or from each item of a list answer. */
export function dropField(body: unknown, field: string): unknown {
  const strip = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    delete copy[field];
    return copy;
  };
  return Array.isArray(body) ? body.map(strip) : strip(body);
}
