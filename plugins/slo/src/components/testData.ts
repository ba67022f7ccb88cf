import type {
  GateResponse,
  ScorecardResponse,
  SloApi,
  SloDetailResponse,
  SloSummary,
} from '@steward/plugin-slo-common';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 21, 12);

export const checkout = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/payments',
    lifecycle: 'production',
  },
};

export const payments = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

export const summary: SloSummary = {
  sloRef: 'slo:default/checkout-availability',
  title: 'Checkout availability',
  entityRef: 'component:default/checkout',
  ownerRef: 'group:default/payments',
  objective: 0.999,
  state: 'ok',
  sliRatio: 0.9984,
  budgetRemaining: 0.08,
  gate: 'freeze',
  firing: { name: 'page-1h', severity: 'page' },
  evaluatedAt: NOW,
};

export const detail: SloDetailResponse = {
  ...summary,
  definition: {
    serviceName: 'checkout',
    budgetingMethod: 'Occurrences',
    timeWindow: [{ duration: '30d', isRolling: true }],
    objectives: [{ target: 0.999 }],
    problems: [],
  },
  evaluation: {
    evaluatedAt: NOW,
    state: 'ok',
    objective: 0.999,
    window: { fromMs: NOW - 30 * DAY, toMs: NOW, periodMs: 30 * DAY },
    sli: {
      good: 99_840,
      total: 100_000,
      ratio: 0.9984,
      interval: { lower: 0.99814, upper: 0.99862 },
    },
    budget: {
      allowedBad: 100,
      actualBad: 160,
      consumedFraction: 1.6,
      remainingFraction: -0.6,
    },
    burnRates: [
      { name: '1h', fromMs: NOW - 3_600_000, toMs: NOW, burnRate: 16.2 },
      { name: '3d', fromMs: NOW - 3 * DAY, toMs: NOW, burnRate: 0.4 },
    ],
    alerts: [
      {
        name: 'page-1h',
        severity: 'page',
        factor: 14.4,
        longWindowMs: 3_600_000,
        shortWindowMs: 300_000,
        longBurn: 16.2,
        shortBurn: 20.5,
        longBad: 40,
        firing: true,
      },
      {
        name: 'ticket-3d',
        severity: 'ticket',
        factor: 1,
        longWindowMs: 3 * DAY,
        shortWindowMs: 6 * 3_600_000,
        longBurn: 0.4,
        shortBurn: 0.2,
        longBad: 12,
        firing: false,
      },
    ],
    firing: { name: 'page-1h', severity: 'page' },
    gate: 'freeze',
    policy: { warnAt: 0.5, freezeAt: 0.9 },
    burnDown: [
      { timeMs: NOW - 2 * DAY, remainingFraction: 0.6 },
      { timeMs: NOW - DAY, remainingFraction: 0.2 },
      { timeMs: NOW, remainingFraction: -0.6 },
    ],
    quarters: [
      {
        year: 2026,
        quarter: 3,
        fromMs: 0,
        toMs: 0,
        good: 998,
        total: 1000,
        verdict: 'missed',
      },
    ],
  },
  escalation: {
    consecutiveMissed: 1,
    level: 'team-retro',
    majorIncident: false,
    crossTeamPostmortem: false,
  },
  dependencyContribution: {
    ranked: [
      {
        server: 'payment',
        calls: 5000,
        errors: 120,
        slow: 3,
        errorShare: 0.75,
        slowShare: 0.1,
      },
    ],
    unexplained: { errorShare: 0.25, slowShare: 0.9 },
  },
  derivedObjectives: [
    {
      name: 'payment',
      critical: true,
      callsPerRequest: 1,
      suggested: 0.9999,
      oneMoreNine: 0.9999,
      equalShare: 0.9995,
      reasoning: 'critical: one more nine than the caller',
    },
  ],
};

export const gate: GateResponse = {
  entityRef: 'component:default/checkout',
  decision: 'freeze',
  slos: [
    {
      sloRef: summary.sloRef,
      title: summary.title,
      gate: 'freeze',
      state: 'ok',
      budgetRemaining: -0.6,
      consumed: 1.6,
      warnAt: 0.5,
      freezeAt: 0.9,
    },
  ],
  reasons: ['Checkout availability: 160% of the error budget consumed'],
};

export const scorecard: ScorecardResponse = {
  teamRef: 'group:default/payments',
  quarter: { year: 2026, quarter: 4 },
  summary: { met: 1, missed: 1, tooFewEvents: 0, noData: 0 },
  slos: [
    {
      sloRef: summary.sloRef,
      title: 'Checkout availability',
      entityRef: 'component:default/checkout',
      objective: 0.999,
      budgetRemaining: -0.6,
      gate: 'freeze',
      verdict: 'missed',
      good: 998,
      total: 1000,
      consecutiveMissed: 2,
      escalation: 'sre-leadership',
    },
    {
      sloRef: 'slo:default/payment-latency',
      title: 'Payment latency',
      entityRef: 'component:default/payment',
      objective: 0.99,
      budgetRemaining: 0.7,
      gate: 'allow',
      verdict: 'met',
      good: 995,
      total: 1000,
      consecutiveMissed: 0,
      escalation: 'none',
    },
  ],
};

/** An SloApi answering from the data above; each method can be overridden. */
export function fakeSloApi(overrides: Partial<SloApi> = {}): SloApi {
  return {
    getHealth: async () => ({ status: 'ok' }),
    listSlos: async () => ({ items: [summary] }),
    getSlo: async () => detail,
    getGate: async () => gate,
    getEntitySlos: async () => ({ gate, slos: [detail] }),
    getDeploys: async () => ({ items: [] }),
    getAlerts: async () => ({ items: [] }),
    getScorecard: async () => scorecard,
    recordDeploy: async () => {
      throw new Error('the frontend records no deploys');
    },
    ...overrides,
  };
}
