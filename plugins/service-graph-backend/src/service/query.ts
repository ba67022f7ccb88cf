import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { ServiceGraphConfig } from '../config';
import { RESOLUTION_MS, Resolution } from '../database/tables';
import { nulCharacterPath } from '@steward/http-input';

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** The largest time a Date holds; answers render times as ISO strings. */
const MAX_TIME_MS = 8_640_000_000_000_000;

/** A time: ISO 8601 or Unix milliseconds. */
const time = z.string().transform((value, ctx) => {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: 'must be an ISO 8601 time or Unix milliseconds',
    });
    return z.NEVER;
  }
  if (ms > MAX_TIME_MS) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `must be at most ${MAX_TIME_MS} (the largest date)`,
    });
    return z.NEVER;
  }
  return ms;
});

/** A duration: `500ms`, `30s`, `5m`, `1h`, `7d`, or milliseconds. */
export const duration = z.string().transform((value, ctx) => {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(value);
  if (!match || Number(match[1]) <= 0) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: 'must be a positive duration such as 30s, 5m, 1h or 7d',
    });
    return z.NEVER;
  }
  return Number(match[1]) * DURATION_UNITS[match[2] ?? 'ms'];
});

export const timeRange = z.object({
  from: time.optional(),
  to: time.optional(),
});

/**
 * Parses a request's query (or body, or path), answering 400 with the field
 * and the rule; a value of the wrong shape as a whole is named by `what`.
 */
export function parseQuery<T extends z.ZodTypeAny>(
  schema: T,
  query: unknown,
  what: 'query' | 'body' | 'path' = 'query',
): z.output<T> {
  const nul = nulCharacterPath(query);
  if (nul !== undefined) {
    throw new InputError(
      `Invalid ${what}: ${nul || what}: must not contain NUL characters`,
    );
  }
  const result = schema.safeParse(query);
  if (!result.success) {
    const issues = result.error.issues
      .map(i => `${i.path.join('.') || what}: ${i.message}`)
      .join('; ');
    throw new InputError(`Invalid ${what}: ${issues}`);
  }
  return result.data;
}

/**
 * A range as answered: `s` when Prometheus answers it (exact to the
 * second), else the width of the database buckets it is summed from.
 */
export type ResolvedRange = {
  fromMs: number;
  toMs: number;
  resolution: Resolution | 's';
};

/**
 * Picks the finest resolution still retained for the start of the range and
 * aligns the range to its buckets: the answer covers whole buckets whose
 * start lies in [from, to). Defaults to the last hour.
 */
export function resolveRange(options: {
  from?: number;
  to?: number;
  stepMs?: number;
  nowMs: number;
  retention: ServiceGraphConfig['retention'];
}): ResolvedRange & { resolution: Resolution } {
  const toMs = options.to ?? options.nowMs;
  const fromMs = options.from ?? toMs - 3_600_000;
  if (fromMs >= toMs) {
    throw new InputError('Invalid query: from: must be before to');
  }
  const retainedFrom: Record<Resolution, number> = {
    m: options.nowMs - options.retention.minuteMs,
    h: options.nowMs - options.retention.hourMs,
    d: options.nowMs - options.retention.dayMs,
  };
  // Every coarser width is a multiple of every finer one, so the step never
  // makes a coarser resolution fit: it is checked against the chosen one.
  const resolution =
    (['m', 'h', 'd'] as Resolution[]).find(
      r => fromMs >= retainedFrom[r] - RESOLUTION_MS[r],
    ) ?? 'd';
  const width = RESOLUTION_MS[resolution];
  if (options.stepMs !== undefined && options.stepMs % width !== 0) {
    throw new InputError(
      `Invalid query: step: must be a multiple of ${width} ms at this range`,
    );
  }
  const aligned = {
    fromMs: Math.floor(fromMs / width) * width,
    toMs: Math.ceil(toMs / width) * width,
    resolution,
  };
  if (
    options.stepMs !== undefined &&
    (aligned.toMs - aligned.fromMs) / options.stepMs > 10_000
  ) {
    throw new InputError(
      'Invalid query: step: at most 10000 points per answer',
    );
  }
  return aligned;
}

/** The range an answer covers, as the API reports it. */
export function rangeAnswer(range: ResolvedRange) {
  return {
    from: new Date(range.fromMs).toISOString(),
    to: new Date(range.toMs).toISOString(),
    resolution: range.resolution,
  };
}
