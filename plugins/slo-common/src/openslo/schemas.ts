import { z } from 'zod';
import { roundDecimal } from '../math/precision';
import { addIssue } from '../validation/issues';
import { parseNested, pickSchema } from './issues';
import { SOURCE_SPEC_SCHEMAS, STEWARD_SERVICE_GRAPH_SOURCE } from './sources';
import {
  CALENDAR_MONTHS,
  CalendarDuration,
  ROLLING_DURATION,
  calendarStartMs,
  durationMs,
  isCalendarDuration,
} from './time';

// Backstage's rules for entity names and namespaces, restated here so that
// the catalog and `steward validate` reject the same documents.
const ENTITY_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]+(-+[a-z0-9]+)*$/;
const NAME_RULE =
  'must be 1 to 63 letters, digits, -, _ or ., starting and ending with a letter or digit';
const NAMESPACE_RULE =
  'must be 1 to 63 lowercase letters, digits or -, starting and ending with a letter or digit';

function isEntityName(value: string): boolean {
  return value.length <= 63 && ENTITY_NAME.test(value);
}

function isNamespace(value: string): boolean {
  return value.length <= 63 && NAMESPACE.test(value);
}

const entityName = z.string().refine(isEntityName, NAME_RULE);

const description = z.string().max(1050, 'must be at most 1050 characters');

/**
 * The metadata of a top-level document. Backstage adds its own keys (`uid`,
 * `etag`, `annotations`, `labels`, ...), so unknown keys pass through.
 */
const entityMetadata = z
  .object({
    name: entityName,
    namespace: z.string().refine(isNamespace, NAMESPACE_RULE).optional(),
    displayName: z.string().optional(),
    annotations: z.record(z.string()).optional(),
  })
  .passthrough();

/** The metadata of an object inlined in a spec, where we are strict. */
const inlineMetadata = z
  .object({ name: entityName, displayName: z.string().optional() })
  .strict();

const SERVICE_REF = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/;

/** A Component name or entity ref, split; undefined when it is neither. */
export function parseServiceRef(
  value: string,
): { namespace?: string; name: string } | undefined {
  const match = SERVICE_REF.exec(value);
  if (!match) {
    return undefined;
  }
  const [, kind, namespace, name] = match;
  const valid =
    (kind === undefined || kind.toLocaleLowerCase('en-US') === 'component') &&
    (namespace === undefined || isNamespace(namespace)) &&
    isEntityName(name);
  return valid ? { namespace, name } : undefined;
}

const serviceRef = z
  .string()
  .refine(
    value => parseServiceRef(value) !== undefined,
    'must be a Component name or ref, like checkout or component:default/checkout',
  );

const metricSource = z
  .object({
    type: z.string().min(1, 'must not be empty'),
    spec: z.record(z.unknown()),
  })
  .strict()
  .superRefine((source, ctx) => {
    const schema = SOURCE_SPEC_SCHEMAS[source.type.toLocaleLowerCase('en-US')];
    if (schema) {
      parseNested(ctx, schema, source.spec, ['spec']);
    }
  });

/** @public */
export type OpenSloMetricSource = z.infer<typeof metricSource>;

const metric = z.object({ metricSource }).strict();

function isServiceGraph(source: OpenSloMetricSource): boolean {
  return (
    source.type.toLocaleLowerCase('en-US') === STEWARD_SERVICE_GRAPH_SOURCE
  );
}

const SELECTION_KEYS = ['service', 'operation', 'signal', 'thresholdMs'];

const ratioMetric = z
  .object({
    // Steward sums event counts over windows; a gauge that goes up and down
    // has no counts to sum.
    counter: z
      .boolean()
      .refine(
        counter => counter,
        'must be true: Steward sums event counts over windows',
      ),
    good: metric.optional(),
    bad: metric.optional(),
    total: metric,
  })
  .strict()
  .superRefine((ratio, ctx) => {
    const numeratorMetric = ratio.good ?? ratio.bad;
    if (!numeratorMetric || (ratio.good && ratio.bad)) {
      addIssue(ctx, [], 'must have exactly one of good and bad');
      return;
    }
    const numeratorKey = ratio.good ? 'good' : 'bad';
    const numerator = numeratorMetric.metricSource;
    const total = ratio.total.metricSource;
    if (
      numerator.type.toLocaleLowerCase('en-US') !==
      total.type.toLocaleLowerCase('en-US')
    ) {
      addIssue(
        ctx,
        ['total', 'metricSource', 'type'],
        `must be the same source type as ${numeratorKey}`,
      );
    } else if (
      isServiceGraph(total) &&
      SELECTION_KEYS.some(key => numerator.spec[key] !== total.spec[key])
    ) {
      // One selection yields both counts; two different selections would
      // divide events of one population by events of another.
      addIssue(
        ctx,
        ['total', 'metricSource', 'spec'],
        `must be the same as ${numeratorKey}'s: Steward counts good and total events of one ${STEWARD_SERVICE_GRAPH_SOURCE} selection`,
      );
    }
  });

/**
 * The spec of an SLI: how to count events. Steward evaluates ratio metrics of
 * `steward-service-graph` or `prometheus` sources; other source types are
 * valid OpenSLO and accepted, but not evaluated.
 *
 * @public
 */
export const openSloSliSpecSchema = z
  .object({
    description: description.optional(),
    thresholdMetric: metric.optional(),
    ratioMetric: ratioMetric.optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    if (
      (spec.thresholdMetric === undefined) ===
      (spec.ratioMetric === undefined)
    ) {
      addIssue(
        ctx,
        [],
        'must have exactly one of thresholdMetric and ratioMetric',
      );
    }
    if (
      spec.thresholdMetric &&
      isServiceGraph(spec.thresholdMetric.metricSource)
    ) {
      addIssue(
        ctx,
        ['thresholdMetric', 'metricSource', 'type'],
        `must not be ${STEWARD_SERVICE_GRAPH_SOURCE}, which counts events: use it in a ratioMetric`,
      );
    }
  });

/** @public */
export type OpenSloSliSpec = z.infer<typeof openSloSliSpecSchema>;

const TARGET_RULE = 'must be a number greater than 0 and less than 1';
const TARGET_PERCENT_RULE = 'must be a number greater than 0 and less than 100';
const SLICE_TARGET_RULE = 'must be a number greater than 0 and at most 1';

const objective = z
  .object({
    displayName: z.string().optional(),
    op: z.enum(['lte', 'lt', 'gte', 'gt']).optional(),
    value: z.number().finite('must be a finite number').optional(),
    target: z.number().gt(0, TARGET_RULE).lt(1, TARGET_RULE).optional(),
    targetPercent: z
      .number()
      .gt(0, TARGET_PERCENT_RULE)
      .lt(100, TARGET_PERCENT_RULE)
      .optional(),
    timeSliceTarget: z
      .number()
      .gt(0, SLICE_TARGET_RULE)
      .lte(1, SLICE_TARGET_RULE)
      .optional(),
    timeSliceWindow: z
      .custom<string | number>(
        value =>
          (typeof value === 'string' || typeof value === 'number') &&
          !!durationMs(value),
        'must be a duration like 5m or 1h, or a number of minutes',
      )
      .optional(),
  })
  .strict();

/** @public */
export type OpenSloObjective = z.infer<typeof objective>;

/**
 * A validated SLO time window: rolling over whole days or weeks, or aligned
 * to UTC calendar months or quarters from `calendar.startTime`.
 *
 * @public
 */
export type OpenSloTimeWindow =
  | { duration: string; isRolling: true }
  | {
      duration: CalendarDuration;
      isRolling: false;
      calendar: { startTime: string; timeZone: 'UTC' };
    };

function calendarIssues(
  window: {
    duration: string;
    calendar: { startTime: string; timeZone: string };
  },
  ctx: z.RefinementCtx,
): void {
  if (!isCalendarDuration(window.duration)) {
    addIssue(ctx, ['duration'], 'must be 1M or 1Q for a calendar window');
  }
  if (window.calendar.timeZone !== 'UTC') {
    addIssue(
      ctx,
      ['calendar', 'timeZone'],
      'must be UTC: Steward aligns calendar windows in UTC',
    );
  }
  const startMs = calendarStartMs(window.calendar.startTime);
  if (startMs === undefined) {
    addIssue(
      ctx,
      ['calendar', 'startTime'],
      'must be a date and time like 2026-01-01 00:00:00',
    );
    return;
  }
  if (!isCalendarDuration(window.duration)) {
    return;
  }
  // Periods repeat from the start time, so a start inside a month would make
  // every "month" straddle two calendar months.
  const start = new Date(startMs);
  const aligned =
    start.getUTCMonth() % CALENDAR_MONTHS[window.duration] === 0 &&
    start.getUTCDate() === 1 &&
    startMs % 86_400_000 === 0;
  if (!aligned) {
    addIssue(
      ctx,
      ['calendar', 'startTime'],
      window.duration === '1M'
        ? 'must be 00:00:00 on the first day of a month'
        : 'must be 00:00:00 on the first day of a quarter (January, April, July or October)',
    );
  }
}

const timeWindow = z
  .object({
    duration: z.string(),
    isRolling: z.boolean().optional(),
    calendar: z
      .object({ startTime: z.string(), timeZone: z.string() })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((window, ctx) => {
    if (window.calendar) {
      if (window.isRolling) {
        addIssue(ctx, ['isRolling'], 'must be false for a calendar window');
      }
      calendarIssues({ ...window, calendar: window.calendar }, ctx);
      return;
    }
    if (window.isRolling !== true) {
      addIssue(
        ctx,
        ['isRolling'],
        'must be true for a rolling window; give calendar for a calendar window',
      );
    }
    if (!ROLLING_DURATION.test(window.duration)) {
      addIssue(
        ctx,
        ['duration'],
        'must be a whole number of days or weeks, like 28d or 4w',
      );
    }
  })
  .transform(
    (window): OpenSloTimeWindow =>
      window.calendar
        ? {
            duration: window.duration as CalendarDuration,
            isRolling: false,
            calendar: { startTime: window.calendar.startTime, timeZone: 'UTC' },
          }
        : { duration: window.duration, isRolling: true },
  );

const burnRateCondition = z
  .object({
    kind: z.literal('burnrate'),
    // Burn-rate alerts fire when the burn reaches the threshold.
    op: z.literal('gte').optional(),
    threshold: z.number().gt(0, 'must be a number greater than 0'),
    lookbackWindow: z
      .string()
      .refine(value => !!durationMs(value), 'must be a duration like 1h or 3d'),
    // Accepted for OpenSLO compatibility; the multiwindow short window is
    // what keeps a burn-rate alert from firing on a blip.
    alertAfter: z
      .string()
      .refine(
        value => durationMs(value) !== undefined,
        'must be a duration like 0m or 5m',
      ),
  })
  .strict();

const inlineAlertCondition = z
  .object({
    kind: z.literal('AlertCondition'),
    metadata: inlineMetadata,
    spec: z
      .object({
        description: description.optional(),
        // OpenSLO leaves severity free; Steward routes on these two.
        severity: z.enum(['page', 'ticket']),
        condition: burnRateCondition,
      })
      .strict(),
  })
  .strict();

/** @public */
export type OpenSloAlertCondition = z.infer<typeof inlineAlertCondition>;

function hasKey(value: unknown, key: string): boolean {
  return typeof value === 'object' && value !== null && key in value;
}

const conditionRefUnsupported = z.custom<never>(() => false, {
  message:
    'is not supported: inline the AlertCondition, Steward has no AlertCondition entities',
  path: ['conditionRef'],
});

const notificationTarget = pickSchema<
  | { targetRef: string }
  | {
      kind: 'AlertNotificationTarget';
      metadata: { name: string; displayName?: string };
      spec: { target: string; description?: string };
    }
>(value =>
  hasKey(value, 'targetRef')
    ? z.object({ targetRef: z.string().min(1, 'must not be empty') }).strict()
    : z
        .object({
          kind: z.literal('AlertNotificationTarget'),
          metadata: inlineMetadata,
          spec: z
            .object({ target: z.string(), description: description.optional() })
            .strict(),
        })
        .strict(),
);

/**
 * The spec of an AlertPolicy. OpenSLO allows one condition per policy "for
 * now"; Steward accepts several so that one policy can hold all four
 * multiwindow pairs. Notification targets are optional: Steward routes burn
 * alerts to the SLO owner's on-call, and targets listed here are extra.
 *
 * @public
 */
export const openSloAlertPolicySpecSchema = z
  .object({
    description: description.optional(),
    alertWhenNoData: z.boolean().optional(),
    alertWhenResolved: z.boolean().optional(),
    alertWhenBreaching: z.boolean().optional(),
    conditions: z
      .array(
        pickSchema<OpenSloAlertCondition>(value =>
          hasKey(value, 'conditionRef')
            ? conditionRefUnsupported
            : inlineAlertCondition,
        ),
      )
      .min(1, 'must have at least one condition'),
    notificationTargets: z.array(notificationTarget).optional(),
  })
  .strict();

/** @public */
export type OpenSloAlertPolicySpec = z.infer<
  typeof openSloAlertPolicySpecSchema
>;

const inlineAlertPolicy = z
  .object({
    kind: z.literal('AlertPolicy'),
    metadata: inlineMetadata,
    spec: openSloAlertPolicySpecSchema,
  })
  .strict();

/**
 * An SLO's alert policy: OpenSLO's `{ alertPolicyRef }` or an inline policy;
 * a bare AlertPolicy name is accepted as shorthand for the reference.
 *
 * @public
 */
export type OpenSloAlertPolicyItem =
  | string
  | { alertPolicyRef: string }
  | z.infer<typeof inlineAlertPolicy>;

const alertPolicyItem = pickSchema<OpenSloAlertPolicyItem>(value => {
  if (typeof value === 'string') {
    return entityName;
  }
  if (typeof value !== 'object' || value === null) {
    return z.custom<never>(
      () => false,
      'must be an AlertPolicy name, an alertPolicyRef or an inline AlertPolicy',
    );
  }
  return hasKey(value, 'alertPolicyRef')
    ? z.object({ alertPolicyRef: entityName }).strict()
    : inlineAlertPolicy;
});

/** Where a thresholdMetric SLI needs more from the SLO's objectives. */
export function objectiveIssues(
  sli: OpenSloSliSpec,
  objectives: OpenSloObjective[],
): Array<{ path: Array<string | number>; message: string }> {
  if (!sli.thresholdMetric) {
    return [];
  }
  const issues: Array<{ path: Array<string | number>; message: string }> = [];
  // OpenSLO: a threshold metric has one threshold, a ratio metric any number.
  if (objectives.length !== 1) {
    issues.push({
      path: ['objectives'],
      message:
        'must have exactly one objective for a thresholdMetric indicator',
    });
  }
  objectives.forEach((o, index) => {
    for (const key of ['op', 'value'] as const) {
      if (o[key] === undefined) {
        issues.push({
          path: ['objectives', index, key],
          message: 'is required for a thresholdMetric indicator',
        });
      }
    }
  });
  return issues;
}

const inlineIndicator = z
  .object({ metadata: inlineMetadata, spec: openSloSliSpecSchema })
  .strict();

/**
 * The spec of an SLO. Steward's own settings (the error budget policy) live
 * in `metadata.annotations`, so the spec stays plain OpenSLO.
 *
 * @public
 */
export const openSloSloSpecSchema = z
  .object({
    description: description.optional(),
    service: serviceRef,
    indicator: inlineIndicator.optional(),
    indicatorRef: entityName.optional(),
    timeWindow: z
      .array(timeWindow)
      .length(1, 'must have exactly one time window'),
    budgetingMethod: z.enum(['Occurrences', 'Timeslices', 'RatioTimeslices']),
    objectives: z.array(objective).min(1, 'must have at least one objective'),
    alertPolicies: z.array(alertPolicyItem).optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    if ((spec.indicator === undefined) === (spec.indicatorRef === undefined)) {
      addIssue(ctx, [], 'must have exactly one of indicator and indicatorRef');
    }
    spec.objectives.forEach((o, index) => {
      if ((o.target === undefined) === (o.targetPercent === undefined)) {
        addIssue(
          ctx,
          ['objectives', index],
          'must have exactly one of target and targetPercent',
        );
      }
      const method = spec.budgetingMethod;
      if (method === 'Timeslices' && o.timeSliceTarget === undefined) {
        addIssue(
          ctx,
          ['objectives', index, 'timeSliceTarget'],
          `is required when budgetingMethod is ${method}`,
        );
      }
      if (method !== 'Occurrences' && o.timeSliceWindow === undefined) {
        addIssue(
          ctx,
          ['objectives', index, 'timeSliceWindow'],
          `is required when budgetingMethod is ${method}`,
        );
      }
    });
    if (spec.indicator) {
      for (const issue of objectiveIssues(
        spec.indicator.spec,
        spec.objectives,
      )) {
        addIssue(ctx, issue.path, issue.message);
      }
    }
  });

/** @public */
export type OpenSloSloSpec = z.infer<typeof openSloSloSpecSchema>;

function entitySchema<K extends string, S extends z.ZodTypeAny>(
  kind: K,
  spec: S,
) {
  return z
    .object({
      apiVersion: z.literal('openslo/v1'),
      kind: z.literal(kind),
      metadata: entityMetadata,
      spec,
    })
    .passthrough();
}

/**
 * An OpenSLO v1 SLO as a Backstage catalog entity.
 *
 * @public
 */
export const openSloSloSchema = entitySchema('SLO', openSloSloSpecSchema);

/** @public */
export type OpenSloSlo = z.infer<typeof openSloSloSchema>;

/**
 * An OpenSLO v1 SLI as a Backstage catalog entity: an entry of the org's SLI
 * template library, referenced by SLOs with `indicatorRef`.
 *
 * @public
 */
export const openSloSliSchema = entitySchema('SLI', openSloSliSpecSchema);

/** @public */
export type OpenSloSli = z.infer<typeof openSloSliSchema>;

/**
 * An OpenSLO v1 AlertPolicy as a Backstage catalog entity.
 *
 * @public
 */
export const openSloAlertPolicySchema = entitySchema(
  'AlertPolicy',
  openSloAlertPolicySpecSchema,
);

/** @public */
export type OpenSloAlertPolicy = z.infer<typeof openSloAlertPolicySchema>;

/**
 * An objective's target as a fraction: `target`, or `targetPercent` / 100.
 * Throws for an objective that has neither, which validation rules out.
 *
 * @public
 */
export function objectiveTarget(o: OpenSloObjective): number {
  if (o.target !== undefined) {
    return o.target;
  }
  if (o.targetPercent !== undefined) {
    return roundDecimal(o.targetPercent / 100);
  }
  throw new TypeError('An objective needs target or targetPercent');
}

/**
 * The entity ref of the Component an SLO is about. A bare name or
 * `namespace/name` resolves against the SLO's own namespace, as Backstage
 * resolves relations.
 *
 * @public
 */
export function serviceEntityRef(slo: {
  metadata: { namespace?: string };
  spec: { service: string };
}): string {
  const parsed = parseServiceRef(slo.spec.service);
  if (!parsed) {
    throw new TypeError(`Invalid service ref "${slo.spec.service}"`);
  }
  const namespace = parsed.namespace ?? slo.metadata.namespace ?? 'default';
  return `component:${namespace}/${parsed.name}`;
}
