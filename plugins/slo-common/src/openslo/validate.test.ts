import {
  availabilitySli,
  availabilitySlo,
  fastBurnPolicy,
  latencySlo,
  prometheusSli,
} from './testUtils';
import { validateOpenSloEntity } from './validate';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

/** A valid document broken by one edit. */
function broken(build: () => Doc, edit: (doc: Doc) => void): Doc {
  const doc = build();
  edit(doc);
  return doc;
}

describe('validateOpenSloEntity', () => {
  it.each<[string, () => Doc, string]>([
    ['SLO with an inline latency SLI, rolling 28d', latencySlo, 'SLO'],
    ['SLO with indicatorRef, 1Q calendar, Timeslices', availabilitySlo, 'SLO'],
    ['SLI on the service graph', availabilitySli, 'SLI'],
    ['SLI on Prometheus with a bad counter', prometheusSli, 'SLI'],
    [
      'AlertPolicy with two burn-rate conditions',
      fastBurnPolicy,
      'AlertPolicy',
    ],
    [
      'SLO with a monthly window, RatioTimeslices and an inline policy',
      () =>
        broken(latencySlo, doc => {
          doc.spec.timeWindow = [
            {
              duration: '1M',
              calendar: { startTime: '2024-02-01 00:00:00', timeZone: 'UTC' },
            },
          ];
          doc.spec.budgetingMethod = 'RatioTimeslices';
          doc.spec.objectives[0].timeSliceWindow = 5;
          doc.spec.alertPolicies = [fastBurnPolicy()];
          delete doc.spec.alertPolicies[0].apiVersion;
        }),
      'SLO',
    ],
    [
      'SLO over a threshold metric with op and value',
      () =>
        broken(latencySlo, doc => {
          doc.spec.indicator.spec = {
            thresholdMetric: prometheusSli().spec.ratioMetric.total,
          };
          doc.spec.objectives = [{ op: 'lte', value: 0.3, target: 0.99 }];
        }),
      'SLO',
    ],
    [
      'a catalog entity with Backstage extras',
      () =>
        broken(availabilitySli, doc => {
          doc.metadata.title = 'Availability';
          doc.metadata.labels = { tier: '1' };
          doc.relations = [];
        }),
      'SLI',
    ],
  ])('accepts %s', (_, build, kind) => {
    const doc = build();
    const result = validateOpenSloEntity(doc);
    expect(result).toMatchObject({ ok: true, kind });
    expect(result.ok && result.value.metadata).toEqual(doc.metadata);
  });

  it('normalizes a calendar window to isRolling false', () => {
    const result = validateOpenSloEntity(
      broken(availabilitySlo, doc => delete doc.spec.timeWindow[0].isRolling),
    );
    expect(
      result.ok && result.kind === 'SLO' && result.value.spec.timeWindow,
    ).toEqual([
      {
        duration: '1Q',
        isRolling: false,
        calendar: { startTime: '2026-01-01 00:00:00', timeZone: 'UTC' },
      },
    ]);
  });

  it.each<[string, Doc, Array<{ path: string; message: string }>]>([
    [
      'objective target 1.5',
      broken(latencySlo, doc => (doc.spec.objectives[0].target = 1.5)),
      [
        {
          path: 'spec.objectives[0].target',
          message: 'must be a number greater than 0 and less than 1',
        },
      ],
    ],
    [
      'targetPercent 120',
      broken(
        availabilitySlo,
        doc => (doc.spec.objectives[0].targetPercent = 120),
      ),
      [
        {
          path: 'spec.objectives[0].targetPercent',
          message: 'must be a number greater than 0 and less than 100',
        },
      ],
    ],
    [
      'both target and targetPercent',
      broken(latencySlo, doc => (doc.spec.objectives[0].targetPercent = 99)),
      [
        {
          path: 'spec.objectives[0]',
          message: 'must have exactly one of target and targetPercent',
        },
      ],
    ],
    [
      'neither target nor targetPercent',
      broken(latencySlo, doc => delete doc.spec.objectives[0].target),
      [
        {
          path: 'spec.objectives[0]',
          message: 'must have exactly one of target and targetPercent',
        },
      ],
    ],
    [
      'missing service',
      broken(latencySlo, doc => delete doc.spec.service),
      [{ path: 'spec.service', message: 'is required' }],
    ],
    [
      'a service that is not a Component',
      broken(latencySlo, doc => (doc.spec.service = 'group:default/payments')),
      [
        {
          path: 'spec.service',
          message:
            'must be a Component name or ref, like checkout or component:default/checkout',
        },
      ],
    ],
    [
      'unknown budgetingMethod',
      broken(latencySlo, doc => (doc.spec.budgetingMethod = 'Calendar')),
      [
        {
          path: 'spec.budgetingMethod',
          message: 'must be one of Occurrences, Timeslices, RatioTimeslices',
        },
      ],
    ],
    [
      'Timeslices without timeSliceTarget',
      broken(
        availabilitySlo,
        doc => delete doc.spec.objectives[0].timeSliceTarget,
      ),
      [
        {
          path: 'spec.objectives[0].timeSliceTarget',
          message: 'is required when budgetingMethod is Timeslices',
        },
      ],
    ],
    [
      'RatioTimeslices without timeSliceWindow',
      broken(latencySlo, doc => (doc.spec.budgetingMethod = 'RatioTimeslices')),
      [
        {
          path: 'spec.objectives[0].timeSliceWindow',
          message: 'is required when budgetingMethod is RatioTimeslices',
        },
      ],
    ],
    [
      'timeSliceTarget 0',
      broken(
        availabilitySlo,
        doc => (doc.spec.objectives[0].timeSliceTarget = 0),
      ),
      [
        {
          path: 'spec.objectives[0].timeSliceTarget',
          message: 'must be a number greater than 0 and at most 1',
        },
      ],
    ],
    [
      'latency source without thresholdMs',
      broken(latencySlo, doc => {
        const { ratioMetric } = doc.spec.indicator.spec;
        delete ratioMetric.good.metricSource.spec.thresholdMs;
        delete ratioMetric.total.metricSource.spec.thresholdMs;
      }),
      [
        {
          path: 'spec.indicator.spec.ratioMetric.good.metricSource.spec.thresholdMs',
          message: 'is required when signal is latency',
        },
        {
          path: 'spec.indicator.spec.ratioMetric.total.metricSource.spec.thresholdMs',
          message: 'is required when signal is latency',
        },
      ],
    ],
    [
      'unknown kind',
      broken(latencySlo, doc => (doc.kind = 'Service')),
      [{ path: 'kind', message: 'must be one of SLO, SLI, AlertPolicy' }],
    ],
    ['no kind', {}, [{ path: 'kind', message: 'is required' }]],
    ['a YAML scalar', 'SLO', [{ path: 'kind', message: 'is required' }]],
    [
      'indicator and indicatorRef both',
      broken(latencySlo, doc => (doc.spec.indicatorRef = 'availability')),
      [
        {
          path: 'spec',
          message: 'must have exactly one of indicator and indicatorRef',
        },
      ],
    ],
    [
      'neither indicator nor indicatorRef',
      broken(availabilitySlo, doc => delete doc.spec.indicatorRef),
      [
        {
          path: 'spec',
          message: 'must have exactly one of indicator and indicatorRef',
        },
      ],
    ],
    [
      'an unknown key in spec, and a Steward extension put there',
      broken(latencySlo, doc => {
        doc.spec.owner = 'team-a';
        doc.spec.objectives[0].warnAt = 0.5;
      }),
      [
        { path: 'spec.objectives[0].warnAt', message: 'is not a known field' },
        { path: 'spec.owner', message: 'is not a known field' },
      ],
    ],
    [
      'a wrong apiVersion',
      broken(availabilitySli, doc => (doc.apiVersion = 'openslo/v2alpha')),
      [{ path: 'apiVersion', message: 'must be openslo/v1' }],
    ],
    [
      'an invalid name',
      broken(availabilitySli, doc => (doc.metadata.name = 'Checkout Latency')),
      [
        {
          path: 'metadata.name',
          message:
            'must be 1 to 63 letters, digits, -, _ or ., starting and ending with a letter or digit',
        },
      ],
    ],
    [
      'two time windows',
      broken(latencySlo, doc =>
        doc.spec.timeWindow.push({ duration: '7d', isRolling: true }),
      ),
      [
        {
          path: 'spec.timeWindow',
          message: 'must have exactly one time window',
        },
      ],
    ],
    [
      'a rolling window in hours',
      broken(latencySlo, doc => (doc.spec.timeWindow[0].duration = '36h')),
      [
        {
          path: 'spec.timeWindow[0].duration',
          message: 'must be a whole number of days or weeks, like 28d or 4w',
        },
      ],
    ],
    [
      'a rolling window without isRolling',
      broken(latencySlo, doc => delete doc.spec.timeWindow[0].isRolling),
      [
        {
          path: 'spec.timeWindow[0].isRolling',
          message:
            'must be true for a rolling window; give calendar for a calendar window',
        },
      ],
    ],
    [
      'a calendar window of a year, in New York, from mid-February',
      broken(availabilitySlo, doc => {
        doc.spec.timeWindow[0] = {
          duration: '1Y',
          isRolling: true,
          calendar: {
            startTime: '2026-02-15 00:00:00',
            timeZone: 'America/New_York',
          },
        };
      }),
      [
        {
          path: 'spec.timeWindow[0].isRolling',
          message: 'must be false for a calendar window',
        },
        {
          path: 'spec.timeWindow[0].duration',
          message: 'must be 1M or 1Q for a calendar window',
        },
        {
          path: 'spec.timeWindow[0].calendar.timeZone',
          message: 'must be UTC: Steward aligns calendar windows in UTC',
        },
      ],
    ],
    [
      'a quarter starting in February',
      broken(availabilitySlo, doc => {
        doc.spec.timeWindow[0].calendar.startTime = '2026-02-01 00:00:00';
      }),
      [
        {
          path: 'spec.timeWindow[0].calendar.startTime',
          message:
            'must be 00:00:00 on the first day of a quarter (January, April, July or October)',
        },
      ],
    ],
    [
      'a month starting at noon',
      broken(availabilitySlo, doc => {
        doc.spec.timeWindow[0].duration = '1M';
        doc.spec.timeWindow[0].calendar.startTime = '2026-03-01 12:00:00';
      }),
      [
        {
          path: 'spec.timeWindow[0].calendar.startTime',
          message: 'must be 00:00:00 on the first day of a month',
        },
      ],
    ],
    [
      'a start time that is not a date',
      broken(availabilitySlo, doc => {
        doc.spec.timeWindow[0].calendar.startTime = '2026-02-30 00:00:00';
      }),
      [
        {
          path: 'spec.timeWindow[0].calendar.startTime',
          message: 'must be a date and time like 2026-01-01 00:00:00',
        },
      ],
    ],
    [
      'no objectives',
      broken(latencySlo, doc => (doc.spec.objectives = [])),
      [
        {
          path: 'spec.objectives',
          message: 'must have at least one objective',
        },
      ],
    ],
    [
      'a threshold metric objective without op and value',
      broken(latencySlo, doc => {
        doc.spec.indicator.spec = {
          thresholdMetric: prometheusSli().spec.ratioMetric.total,
        };
      }),
      [
        {
          path: 'spec.objectives[0].op',
          message: 'is required for a thresholdMetric indicator',
        },
        {
          path: 'spec.objectives[0].value',
          message: 'is required for a thresholdMetric indicator',
        },
      ],
    ],
    [
      'a service-graph source as a threshold metric',
      broken(availabilitySli, doc => {
        doc.spec = { thresholdMetric: doc.spec.ratioMetric.good };
      }),
      [
        {
          path: 'spec.thresholdMetric.metricSource.type',
          message:
            'must not be steward-service-graph, which counts events: use it in a ratioMetric',
        },
      ],
    ],
    [
      'both thresholdMetric and ratioMetric',
      broken(availabilitySli, doc => {
        doc.spec.thresholdMetric = prometheusSli().spec.ratioMetric.total;
      }),
      [
        {
          path: 'spec',
          message: 'must have exactly one of thresholdMetric and ratioMetric',
        },
      ],
    ],
    [
      'good and bad',
      broken(prometheusSli, doc => {
        doc.spec.ratioMetric.good = doc.spec.ratioMetric.total;
      }),
      [
        {
          path: 'spec.ratioMetric',
          message: 'must have exactly one of good and bad',
        },
      ],
    ],
    [
      'a gauge',
      broken(prometheusSli, doc => (doc.spec.ratioMetric.counter = false)),
      [
        {
          path: 'spec.ratioMetric.counter',
          message: 'must be true: Steward sums event counts over windows',
        },
      ],
    ],
    [
      'good and total from different selections',
      broken(availabilitySli, doc => {
        doc.spec.ratioMetric.total.metricSource.spec.operation = 'GET /cart';
      }),
      [
        {
          path: 'spec.ratioMetric.total.metricSource.spec',
          message:
            "must be the same as good's: Steward counts good and total events of one steward-service-graph selection",
        },
      ],
    ],
    [
      'good and total from different source types',
      broken(availabilitySli, doc => {
        doc.spec.ratioMetric.total = prometheusSli().spec.ratioMetric.total;
      }),
      [
        {
          path: 'spec.ratioMetric.total.metricSource.type',
          message: 'must be the same source type as good',
        },
      ],
    ],
    [
      'an availability source with a threshold and an unknown key',
      broken(availabilitySli, doc => {
        doc.spec.ratioMetric.good.metricSource.spec = {
          signal: 'availability',
          thresholdMs: 100,
          percentile: 99,
        };
        doc.spec.ratioMetric.total.metricSource.spec =
          doc.spec.ratioMetric.good.metricSource.spec;
      }),
      [
        {
          path: 'spec.ratioMetric.good.metricSource.spec.percentile',
          message: 'is not a known field',
        },
        {
          path: 'spec.ratioMetric.good.metricSource.spec.thresholdMs',
          message: 'is only allowed when signal is latency',
        },
        {
          path: 'spec.ratioMetric.total.metricSource.spec.percentile',
          message: 'is not a known field',
        },
        {
          path: 'spec.ratioMetric.total.metricSource.spec.thresholdMs',
          message: 'is only allowed when signal is latency',
        },
      ],
    ],
    [
      'an unknown signal and a negative threshold',
      broken(availabilitySli, doc => {
        doc.spec.ratioMetric.good.metricSource.spec = {
          signal: 'errors',
          thresholdMs: -1,
        };
        doc.spec.ratioMetric.total.metricSource.spec = {
          signal: 'latency',
          thresholdMs: -1,
        };
      }),
      [
        {
          path: 'spec.ratioMetric.good.metricSource.spec.signal',
          message: 'must be one of availability, latency',
        },
        {
          path: 'spec.ratioMetric.good.metricSource.spec.thresholdMs',
          message: 'must be a number greater than 0',
        },
        {
          path: 'spec.ratioMetric.total.metricSource.spec.thresholdMs',
          message: 'must be a number greater than 0',
        },
        {
          path: 'spec.ratioMetric.total.metricSource.spec',
          message:
            "must be the same as good's: Steward counts good and total events of one steward-service-graph selection",
        },
      ],
    ],
    [
      'a Prometheus query with a fixed range',
      broken(prometheusSli, doc => {
        doc.spec.ratioMetric.total.metricSource.spec.query =
          'sum(rate(http_requests_total[5m]))';
      }),
      [
        {
          path: 'spec.ratioMetric.total.metricSource.spec.query',
          message:
            'must contain {{window}}, which Steward replaces with the evaluation window',
        },
      ],
    ],
    [
      'a DataSource reference',
      broken(prometheusSli, doc => {
        doc.spec.ratioMetric.total.metricSource.metricSourceRef = 'prometheus';
      }),
      [
        {
          path: 'spec.ratioMetric.total.metricSource.metricSourceRef',
          message: 'is not a known field',
        },
      ],
    ],
    [
      'an AlertCondition by reference, a free severity, a lte burn rate',
      broken(fastBurnPolicy, doc => {
        doc.spec.conditions[0] = { conditionRef: 'page-1h' };
        doc.spec.conditions[1].spec.severity = 'sev1';
        doc.spec.conditions[1].spec.condition.op = 'lte';
      }),
      [
        {
          path: 'spec.conditions[0].conditionRef',
          message:
            'is not supported: inline the AlertCondition, Steward has no AlertCondition entities',
        },
        {
          path: 'spec.conditions[1].spec.severity',
          message: 'must be one of page, ticket',
        },
        {
          path: 'spec.conditions[1].spec.condition.op',
          message: 'must be gte',
        },
      ],
    ],
    [
      'a burn-rate condition without a lookback window',
      broken(fastBurnPolicy, doc => {
        doc.spec.conditions[0].spec.condition.lookbackWindow = '1M';
        doc.spec.conditions[0].spec.condition.threshold = 0;
        doc.spec.notificationTargets = [{ targetRef: '' }];
      }),
      [
        {
          path: 'spec.conditions[0].spec.condition.threshold',
          message: 'must be a number greater than 0',
        },
        {
          path: 'spec.conditions[0].spec.condition.lookbackWindow',
          message: 'must be a duration like 1h or 3d',
        },
        {
          path: 'spec.notificationTargets[0].targetRef',
          message: 'must not be empty',
        },
      ],
    ],
    [
      'an SLO alert policy that is neither a name nor a policy',
      broken(availabilitySlo, doc => {
        doc.spec.alertPolicies = [
          42,
          { kind: 'AlertPolicy', metadata: { name: 'x' } },
        ];
      }),
      [
        {
          path: 'spec.alertPolicies[0]',
          message:
            'must be an AlertPolicy name, an alertPolicyRef or an inline AlertPolicy',
        },
        { path: 'spec.alertPolicies[1].spec', message: 'is required' },
      ],
    ],
  ])('rejects %s', (_, doc, issues) => {
    expect(validateOpenSloEntity(doc)).toEqual({ ok: false, issues });
  });
});
