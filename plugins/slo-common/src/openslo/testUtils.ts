/**
 * Valid documents for tests to start from. Each call returns a fresh copy,
 * typed loosely so that a test can break it.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

export function availabilitySli(): Doc {
  const source = {
    metricSource: {
      type: 'steward-service-graph',
      spec: { signal: 'availability' },
    },
  };
  return {
    apiVersion: 'openslo/v1',
    kind: 'SLI',
    metadata: { name: 'availability', displayName: 'Availability' },
    spec: {
      description: 'Share of requests served without error',
      ratioMetric: {
        counter: true,
        good: source,
        total: structuredClone(source),
      },
    },
  };
}

export function latencySliSpec(): Doc {
  const source = {
    metricSource: {
      type: 'steward-service-graph',
      spec: { operation: 'POST /orders', signal: 'latency', thresholdMs: 300 },
    },
  };
  return {
    ratioMetric: {
      counter: true,
      good: source,
      total: structuredClone(source),
    },
  };
}

export function prometheusSli(): Doc {
  return {
    apiVersion: 'openslo/v1',
    kind: 'SLI',
    metadata: { name: 'http-availability' },
    spec: {
      ratioMetric: {
        counter: true,
        bad: {
          metricSource: {
            type: 'prometheus',
            spec: {
              query: 'sum(rate(http_requests_total{code=~"5.."}[{{window}}]))',
            },
          },
        },
        total: {
          metricSource: {
            type: 'prometheus',
            spec: { query: 'sum(rate(http_requests_total[{{window}}]))' },
          },
        },
      },
    },
  };
}

/** A rolling 28-day Occurrences SLO with its latency SLI inline. */
export function latencySlo(): Doc {
  return {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: {
      name: 'checkout-latency',
      namespace: 'default',
      uid: '0b7e1c4e-2f6a-4a53-9f0e-5f1d2c3b4a59',
      etag: 'abc123',
      annotations: { 'steward.dev/warn-at': '0.4' },
    },
    spec: {
      service: 'checkout',
      indicator: {
        metadata: { name: 'checkout-latency' },
        spec: latencySliSpec(),
      },
      timeWindow: [{ duration: '28d', isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ displayName: 'Fast orders', target: 0.99 }],
    },
  };
}

/** A quarterly Timeslices SLO referencing the `availability` SLI. */
export function availabilitySlo(): Doc {
  return {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name: 'checkout-availability' },
    spec: {
      service: 'component:default/checkout',
      indicatorRef: 'availability',
      timeWindow: [
        {
          duration: '1Q',
          isRolling: false,
          calendar: { startTime: '2026-01-01 00:00:00', timeZone: 'UTC' },
        },
      ],
      budgetingMethod: 'Timeslices',
      objectives: [
        { targetPercent: 99.9, timeSliceTarget: 0.95, timeSliceWindow: '1m' },
      ],
      alertPolicies: ['fast-burn', { alertPolicyRef: 'slow-burn' }],
    },
  };
}

function burnRateCondition(
  name: string,
  severity: string,
  threshold: number,
  lookbackWindow: string,
): Doc {
  return {
    kind: 'AlertCondition',
    metadata: { name },
    spec: {
      severity,
      condition: {
        kind: 'burnrate',
        op: 'gte',
        threshold,
        lookbackWindow,
        alertAfter: '0m',
      },
    },
  };
}

/** Two of the Workbook's pairs, rewritten for a team that wants 2h/12h. */
export function fastBurnPolicy(): Doc {
  return {
    apiVersion: 'openslo/v1',
    kind: 'AlertPolicy',
    metadata: { name: 'fast-burn' },
    spec: {
      description: 'Page on a fast burn',
      alertWhenBreaching: true,
      conditions: [
        burnRateCondition('page-2h', 'page', 10, '2h'),
        burnRateCondition('ticket-12h', 'ticket', 2.5, '12h'),
      ],
      notificationTargets: [{ targetRef: 'checkout-oncall' }],
    },
  };
}
