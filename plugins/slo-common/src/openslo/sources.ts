import { z } from 'zod';
import { addIssue } from '../validation/issues';

/** @public */
export const STEWARD_SERVICE_GRAPH_SOURCE = 'steward-service-graph';

/** @public */
export const PROMETHEUS_SOURCE = 'prometheus';

/**
 * The text in a Prometheus source's query that Steward replaces with the
 * evaluation window, e.g. `[{{window}}]` becomes `[1h]`.
 *
 * @public
 */
export const PROMETHEUS_WINDOW_PLACEHOLDER = '{{window}}';

const nonEmpty = z.string().min(1, 'must not be empty');

/**
 * The spec of a `steward-service-graph` metric source: event counts from the
 * service graph's per-operation buckets of SERVER and CONSUMER spans.
 * `service` defaults to the SLO's service and `operation` to all of its
 * operations. For `availability` a good event is a span without error
 * status; for `latency` it is a span that took at most `thresholdMs`: a
 * latency SLI counts events under a threshold, it never averages
 * percentiles.
 *
 * @public
 */
export const stewardServiceGraphSourceSchema = z
  .object({
    service: nonEmpty.optional(),
    operation: nonEmpty.optional(),
    signal: z.enum(['availability', 'latency']),
    thresholdMs: z
      .number()
      .gt(0, 'must be a number greater than 0')
      .finite('must be a number greater than 0')
      .optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    if (spec.signal === 'latency' && spec.thresholdMs === undefined) {
      addIssue(ctx, ['thresholdMs'], 'is required when signal is latency');
    }
    if (spec.signal === 'availability' && spec.thresholdMs !== undefined) {
      addIssue(ctx, ['thresholdMs'], 'is only allowed when signal is latency');
    }
  });

/** @public */
export type StewardServiceGraphSourceSpec = z.infer<
  typeof stewardServiceGraphSourceSchema
>;

/**
 * The spec of a `prometheus` metric source: a PromQL expression over
 * counters whose range selectors use `{{window}}`, so that one query serves
 * every window Steward evaluates (burn-rate windows, the SLO period). A
 * fixed range like `[5m]` would silently measure the wrong window.
 *
 * @public
 */
export const prometheusSourceSchema = z
  .object({
    query: z
      .string()
      .refine(
        query => query.includes(PROMETHEUS_WINDOW_PLACEHOLDER),
        `must contain ${PROMETHEUS_WINDOW_PLACEHOLDER}, which Steward replaces with the evaluation window`,
      ),
  })
  .strict();

/** @public */
export type PrometheusSourceSpec = z.infer<typeof prometheusSourceSchema>;

/** The spec schema of each source type Steward reads, by lower-case type. */
export const SOURCE_SPEC_SCHEMAS: Record<string, z.ZodTypeAny> = {
  [STEWARD_SERVICE_GRAPH_SOURCE]: stewardServiceGraphSourceSchema,
  [PROMETHEUS_SOURCE]: prometheusSourceSchema,
};

/**
 * A metric source Steward can evaluate, with its spec typed.
 *
 * @public
 */
export type StewardMetricSource =
  | {
      type: typeof STEWARD_SERVICE_GRAPH_SOURCE;
      spec: StewardServiceGraphSourceSpec;
    }
  | { type: typeof PROMETHEUS_SOURCE; spec: PrometheusSourceSpec };

/**
 * The typed form of a validated metric source, or undefined for source types
 * Steward does not evaluate (they are valid OpenSLO, so the catalog accepts
 * them). Types compare case-insensitively, since OpenSLO's own examples write
 * `Prometheus`.
 *
 * @public
 */
export function stewardMetricSource(metricSource: {
  type: string;
  spec: Record<string, unknown>;
}): StewardMetricSource | undefined {
  const type = metricSource.type.toLocaleLowerCase('en-US');
  if (type === STEWARD_SERVICE_GRAPH_SOURCE) {
    const spec = stewardServiceGraphSourceSchema.safeParse(metricSource.spec);
    return spec.success ? { type, spec: spec.data } : undefined;
  }
  if (type === PROMETHEUS_SOURCE) {
    const spec = prometheusSourceSchema.safeParse(metricSource.spec);
    return spec.success ? { type, spec: spec.data } : undefined;
  }
  return undefined;
}

const PROM_UNITS: Array<[string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
];

/**
 * A Prometheus source's query for one evaluation window: every
 * `{{window}}` becomes the window as a PromQL duration in the largest unit
 * that divides it (`30d`, `6h`, `5m`; `1500ms` if need be).
 *
 * @public
 */
export function renderPrometheusQuery(options: {
  query: string;
  windowMs: number;
}): string {
  const windowMs = Math.round(options.windowMs);
  const unit = PROM_UNITS.find(([, ms]) => windowMs % ms === 0);
  const duration = unit ? `${windowMs / unit[1]}${unit[0]}` : `${windowMs}ms`;
  return options.query.replaceAll(PROMETHEUS_WINDOW_PLACEHOLDER, duration);
}
