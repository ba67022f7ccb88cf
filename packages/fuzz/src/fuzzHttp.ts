import fc from 'fast-check';
import {
  hostileQueryValue,
  hostileString,
  mutatedBody,
  QueryValue,
} from './badValues';
import { FuzzFigures, FuzzSettings, recordFuzzFigures } from './settings';

/** One route of a JSON API, described well enough to aim bad input at it. */
export type FuzzRoute = {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Express path; `:name` segments get hostile values too. */
  path: string;
  /** The query parameters the route reads. */
  query?: string[];
  /** A valid body, mutated into invalid ones (POST and PUT). */
  body?: unknown;
  /** Headers of this route instead of the run's (another kind of caller). */
  headers?: Record<string, string>;
};

type FuzzCase = {
  route: FuzzRoute;
  path: string;
  query: Array<[string, QueryValue]>;
  /** A JSON value, or raw text that is not JSON. */
  body?: { json: unknown } | { text: string };
  /** Names a 400 may point at for this case. */
  fields: string[];
};

/**
 * Percent-encodes the UTF-8 bytes of a string; unlike encodeURIComponent it
 * does not throw on a lone surrogate (which becomes U+FFFD).
 */
function percentEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c)
      ? c
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function appendQuery(out: string[], key: string, value: QueryValue): void {
  if (typeof value === 'string') {
    out.push(`${percentEncode(key)}=${percentEncode(value)}`);
  } else if (Array.isArray(value)) {
    // `k=a&k=b`, as a browser's form or a hand-written URL sends a list.
    for (const v of value) appendQuery(out, key, v);
  } else {
    for (const [k, v] of Object.entries(value)) {
      appendQuery(out, `${key}[${k}]`, v);
    }
  }
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function topLevelKeys(value: unknown): string[] {
  return value && typeof value === 'object' ? Object.keys(value) : [];
}

function caseOf(route: FuzzRoute): fc.Arbitrary<FuzzCase> {
  const params = route.path
    .split('/')
    .filter(s => s.startsWith(':'))
    .map(s => s.slice(1));
  const known = route.query ?? [];
  const queryArb = fc.tuple(
    fc.subarray(known),
    fc.array(hostileQueryValue, {
      minLength: known.length,
      maxLength: known.length,
    }),
    fc.option(fc.tuple(hostileString, hostileQueryValue), { freq: 4 }),
  );
  const bodyArb =
    route.body === undefined
      ? fc.constant(undefined)
      : fc.oneof(
          {
            weight: 9,
            arbitrary: mutatedBody(route.body).map(json => ({ json })),
          },
          {
            weight: 1,
            arbitrary: fc
              .constantFrom(
                '{',
                '{"a":',
                '[1,]',
                'null x',
                '\u0000',
                // Deeper than JSON.stringify of an object could produce.
                `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
              )
              .map(text => ({ text })),
          },
        );
  return fc
    .tuple(
      fc.array(fc.oneof(hostileString, fc.constantFrom('1', 'default')), {
        minLength: params.length,
        maxLength: params.length,
      }),
      queryArb,
      bodyArb,
    )
    .map(([paramValues, [chosen, values, extra], body]) => {
      let path = route.path;
      params.forEach((name, i) => {
        path = path.replace(`:${name}`, percentEncode(paramValues[i] || 'x'));
      });
      const query: Array<[string, QueryValue]> = chosen.map((k, i) => [
        k,
        values[i],
      ]);
      if (extra) query.push(extra);
      return {
        route,
        path,
        query,
        body,
        fields: [
          ...known,
          ...params,
          ...topLevelKeys(route.body),
          ...(body && 'json' in body ? topLevelKeys(body.json) : []),
          ...query.map(([k]) => k),
          // `[a]=1` has no name before the bracket: qs calls the key `a`.
          ...query.flatMap(([, v]) => topLevelKeys(v)),
          ...(body && 'text' in body ? ['JSON', 'body'] : []),
          // A body of the wrong shape altogether is named as a whole.
          ...(body && 'json' in body && !isPlainObject(body.json)
            ? ['body', 'request']
            : []),
        ],
      };
    });
}

/** The request line and body of a case, to replay a finding by hand. */
function describeCase(c: FuzzCase, url: string): string {
  let body = '';
  if (c.body) {
    const text = 'text' in c.body ? c.body.text : JSON.stringify(c.body.json);
    body = ` body ${text?.slice(0, 300)}`;
  }
  return `${c.route.method} ${url.slice(0, 400)}${body}`;
}

/**
 * Whether a 400's message points at the input that broke the rule: one of
 * the route's fields, a path parameter or the unknown key the case sent.
 */
function namesField(message: string, fields: string[]): boolean {
  // As the server decodes them: a lone surrogate arrives as U+FFFD.
  return fields.some(
    f => f !== '' && message.includes(Buffer.from(f, 'utf8').toString()),
  );
}

async function errorMessage(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const body = JSON.parse(text);
    return String(body?.error?.message ?? body?.message ?? text);
  } catch {
    return text;
  }
}

/**
 * Sends generated bad input to every route of a started backend and checks
 * each answer: never 5xx, never a hang past `timeoutMs`, never a dropped
 * connection, and every 400 naming the field. Returns the figures; failures
 * are listed in them, not thrown, so one run reports every finding.
 */
export async function fuzzRoutes(options: {
  target: string;
  baseUrl: string;
  routes: FuzzRoute[];
  headers: Record<string, string>;
  settings: FuzzSettings;
  timeoutMs?: number;
}): Promise<FuzzFigures> {
  const { settings, routes } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const arb = fc.constantFrom(...routes).chain(caseOf);
  const figures: FuzzFigures = {
    target: options.target,
    cases: 0,
    outcomes: {},
    maxLatencyMs: 0,
    seed: settings.seed,
    failures: [],
  };
  const deadline = Date.now() + settings.budgetMs;
  const batch = 100;
  for (
    let offset = 0;
    offset < settings.runs && Date.now() < deadline;
    offset += batch
  ) {
    const cases = fc.sample(arb, {
      numRuns: Math.min(batch, settings.runs - offset),
      seed: settings.seed + offset,
    });
    for (const c of cases) {
      if (Date.now() >= deadline) break;
      const parts: string[] = [];
      for (const [k, v] of c.query) appendQuery(parts, k, v);
      const url = `${options.baseUrl}${c.path}${
        parts.length ? `?${parts.join('&')}` : ''
      }`;
      const headers: Record<string, string> = {
        ...(c.route.headers ?? options.headers),
      };
      let body: string | undefined;
      if (c.body) {
        headers['Content-Type'] = 'application/json';
        body = 'text' in c.body ? c.body.text : JSON.stringify(c.body.json);
      }
      const started = performance.now();
      let outcome: string;
      try {
        const res = await fetch(url, {
          method: c.route.method,
          headers,
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        outcome = String(res.status);
        const message = await errorMessage(res);
        if (res.status >= 500) {
          figures.failures.push(
            `${res.status} ${message.slice(0, 200)} <- ${describeCase(c, url)}`,
          );
        } else if (res.status === 400 && !namesField(message, c.fields)) {
          figures.failures.push(
            `400 without a field: ${message.slice(0, 200)} <- ${describeCase(
              c,
              url,
            )}`,
          );
        }
      } catch (error) {
        outcome = (error as Error).name;
        figures.failures.push(
          `${(error as Error).name}: ${
            (error as Error).message
          } <- ${describeCase(c, url)}`,
        );
      }
      const latency = performance.now() - started;
      figures.maxLatencyMs = Math.max(figures.maxLatencyMs, latency);
      figures.outcomes[outcome] = (figures.outcomes[outcome] ?? 0) + 1;
      figures.cases += 1;
    }
  }
  recordFuzzFigures(figures);
  return figures;
}
