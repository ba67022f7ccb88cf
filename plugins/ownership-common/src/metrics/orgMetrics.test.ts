import { DAY_MS, MINUTE_MS } from '../shared/time';
import {
  MetricsComponent,
  MetricsPostmortem,
  OrgMetricsInput,
  ReliabilityMetrics,
  orgMetrics,
} from './orgMetrics';

const NOW = Date.parse('2026-03-30T00:00:00Z');
const daysAgo = (days: number) => NOW - days * DAY_MS;
const iso = (ms: number) => new Date(ms).toISOString();

/** [name, owner, docs complete, docs fresh] */
const components: MetricsComponent[] = (
  [
    ['frontend', 'storefront', true, true],
    ['ad', 'storefront', false, true],
    ['checkout', 'checkout-team', true, true],
    ['payment', 'checkout-team', true, true],
    ['email', 'fulfilment', true, false],
    ['quote', 'fulfilment', false, false],
    ['legacy-batch', 'ghost-team', false, false],
  ] as const
).map(([name, owner, complete, fresh]) => ({
  // Refs as callers have them: full for components, short for owners.
  ref: `component:default/${name}`,
  owner,
  docs: { complete, fresh },
}));

/** `count` alerts for a service over the window, the first `actioned` acted on. */
const alerts = (service: string, count: number, actioned: number) =>
  Array.from({ length: count }, (_, i) => ({
    service,
    at: daysAgo(1 + i),
    actioned: i < actioned,
  }));

const deploys = (service: string, count: number, failed: number) =>
  Array.from({ length: count }, (_, i) => ({
    service,
    atMs: daysAgo(1 + i),
    failed: i < failed,
  }));

function postmortem(
  id: string,
  detectedMs: number,
  minutesToResolve: number,
  service: string,
  cause: string,
): MetricsPostmortem {
  return {
    id,
    contributingServices: [`component:default/${service}`],
    causes: [cause],
    timeline: [{ at: iso(detectedMs), event: 'detected' }],
    detectedAt: iso(detectedMs),
    resolvedAt: iso(detectedMs + minutesToResolve * MINUTE_MS),
  };
}

const input: OrgMetricsInput = {
  components,
  groups: ['storefront', 'checkout-team', 'fulfilment'].map(name => ({
    ref: `group:default/${name}`,
  })),
  slos: [
    { service: 'checkout' },
    { service: 'payment' },
    { service: 'frontend' },
  ],
  traceSeenServices: [
    { service: 'frontend', lastSeenMs: daysAgo(1) },
    { service: 'checkout', lastSeenMs: daysAgo(2) },
    { service: 'payment', lastSeenMs: daysAgo(10) },
    { service: 'email', lastSeenMs: daysAgo(6) },
    { service: 'legacy-batch', lastSeenMs: daysAgo(1) },
  ],
  rotations: [
    { group: 'group:default/checkout-team', name: 'primary' },
    { group: 'storefront', name: 'primary' },
  ],
  alerts: [
    ...alerts('checkout', 4, 3),
    ...alerts('frontend', 8, 0),
    ...alerts('quote', 2, 1),
    { service: 'checkout', at: daysAgo(40), actioned: false },
  ],
  postmortems: [
    postmortem('p1', daysAgo(5), 60, 'payment', 'expired-certificate'),
    postmortem('p2', daysAgo(65), 240, 'payment', 'expired-certificate'),
    postmortem('p3', daysAgo(12), 30, 'quote', 'bad-config-push'),
  ],
  deploys: [
    ...deploys('checkout', 10, 1),
    ...deploys('frontend', 5, 2),
    { service: 'checkout', atMs: daysAgo(60), failed: true },
  ],
  nowMs: NOW,
  stateAtMs: NOW - 3_600_000,
};

function metrics(
  components_: number,
  shares: [number, number, number, number, number, number] | undefined,
  alerts_: number,
  noiseShare: number | undefined,
  incidents: number,
  mttrMinutes: number | undefined,
  deploys_: number,
  changeFailureRate: number | undefined,
  repeatIncidents: number,
): ReliabilityMetrics {
  const [withOwner, completeDocs, freshDocs, withSlo, tracesSeen, withOnCall] =
    shares ?? [];
  return {
    components: components_,
    shares: {
      withOwner,
      completeDocs,
      freshDocs,
      withSlo,
      tracesSeen,
      withOnCall,
    },
    alerts: alerts_,
    alertsPerWeek: alerts_ / 4,
    noiseShare,
    incidents,
    mttrMs: mttrMinutes === undefined ? undefined : mttrMinutes * MINUTE_MS,
    deploys: deploys_,
    changeFailureRate,
    repeatIncidents,
  };
}

describe('orgMetrics', () => {
  const result = orgMetrics(input);

  it.each<[string, ReliabilityMetrics]>([
    [
      'org',
      metrics(
        7,
        [6 / 7, 4 / 7, 4 / 7, 3 / 7, 4 / 7, 4 / 7],
        14,
        10 / 14,
        2,
        45,
        15,
        3 / 15,
        1,
      ),
    ],
    [
      'group:default/storefront',
      metrics(2, [1, 0.5, 1, 0.5, 0.5, 1], 8, 1, 0, undefined, 5, 0.4, 0),
    ],
    [
      'group:default/checkout-team',
      metrics(2, [1, 1, 1, 1, 0.5, 1], 4, 0.25, 1, 60, 10, 0.1, 1),
    ],
    [
      'group:default/fulfilment',
      metrics(2, [1, 0.5, 0, 0, 0.5, 0], 2, 0.5, 1, 30, 0, undefined, 0),
    ],
  ])('%s', (group, expected) => {
    const row =
      group === 'org' ? result.org : result.teams.find(t => t.group === group);
    expect(row).toEqual(group === 'org' ? expected : { group, ...expected });
  });

  it('lists components nobody known owns', () => {
    expect(result.unownedComponents).toEqual([
      'component:default/legacy-batch',
    ]);
    expect([result.fromMs, result.toMs, result.stateAtMs]).toEqual([
      daysAgo(28),
      NOW,
      NOW - 3_600_000,
    ]);
  });

  it('leaves out the shares of sources not known', () => {
    const partial = orgMetrics({
      ...input,
      slos: undefined,
      traceSeenServices: undefined,
    });
    expect(partial.org.shares).toEqual({
      withOwner: 6 / 7,
      completeDocs: 4 / 7,
      freshDocs: 4 / 7,
      withSlo: undefined,
      tracesSeen: undefined,
      withOnCall: 4 / 7,
    });
  });

  it('without a recorded state, attributes alerts, deploys and incidents but reports no shares', () => {
    const unknown = orgMetrics({ ...input, stateAtMs: undefined });
    const checkout = unknown.teams.find(
      t => t.group === 'group:default/checkout-team',
    );
    expect(checkout).toEqual({
      group: 'group:default/checkout-team',
      ...metrics(2, undefined, 4, 0.25, 1, 60, 10, 0.1, 1),
    });
    expect(unknown.stateAtMs).toBeUndefined();
    expect(unknown.unownedComponents).toEqual([]);
  });

  it('reports no shares for a team that owns nothing', () => {
    const empty = orgMetrics({
      ...input,
      groups: [{ ref: 'group:default/sre' }],
    }).teams[0];
    expect(empty).toEqual({
      group: 'group:default/sre',
      ...metrics(0, undefined, 0, undefined, 0, undefined, 0, undefined, 0),
    });
  });
});
