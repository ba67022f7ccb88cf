import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import type {
  OwnershipApi,
  PostmortemRecord,
  RoutingDecisionRecord,
} from '@steward/plugin-ownership-common';
import { ReactNode } from 'react';
import { ownershipApiRef } from '../apis';

export const wait = { timeout: 20_000 };
const DAY = 86_400_000;

const reviewed = new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10);

export const checkout: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'default',
    description: 'Takes orders',
    annotations: {
      'steward.dev/tier': '1',
      'steward.dev/last-reviewed': reviewed,
    },
    links: [
      {
        url: 'https://runbooks.example/checkout',
        title: 'Runbook',
        type: 'runbook',
      },
      {
        url: 'https://grafana.example/checkout',
        title: 'Dashboard',
        type: 'dashboard',
      },
    ],
  },
  spec: {
    type: 'service',
    owner: 'group:default/payments',
    lifecycle: 'production',
  },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/payments' }],
};

export const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
  relations: [
    { type: 'hasMember', targetRef: 'user:default/alice' },
    { type: 'hasMember', targetRef: 'user:default/bob' },
  ],
};

export const decision: RoutingDecisionRecord = {
  id: 7,
  receivedAt: Date.UTC(2026, 10, 21, 10, 0),
  startsAt: Date.UTC(2026, 10, 21, 9, 58),
  source: 'alertmanager',
  alertName: 'CheckoutErrors',
  status: 'firing',
  traceId: 'abc123',
  alertService: 'checkout',
  culpritService: 'payment',
  entityRef: 'component:default/checkout',
  ownerRef: 'group:default/payments',
  oncall: { rotation: 'primary', current: 'user:default/alice' },
  explanation: ['payment/charge is the deepest erroring span.'],
  tracePath: ['checkout/POST /checkout', 'payment/charge'],
  repeats: 2,
  actioned: false,
};

export const storedPostmortem: PostmortemRecord = {
  id: 3,
  ownerRef: 'group:default/payments',
  decisionId: 7,
  document: {
    title: 'Checkout errors from card declines',
    firstSymptom: {
      description: 'CheckoutErrors fired',
      links: ['https://grafana.example/checkout'],
    },
    severity: 'features-broken',
    usersImpacted: 'few',
    timeline: [
      { at: '2026-11-21T09:58:00Z', event: 'Errors start' },
      { at: '2026-11-21T10:20:00Z', event: 'Rolled back payment' },
    ],
    contributingServices: [
      'component:default/checkout',
      'component:default/payment',
    ],
    causes: ['bad-config-push'],
    actionItems: [
      {
        description: 'Alert on decline rate',
        owner: 'user:default/alice',
        due: '2026-12-01',
        status: 'open',
      },
    ],
    sloRefs: [],
    detectedAt: '2026-11-21T10:00:00Z',
    resolvedAt: '2026-11-21T10:20:00Z',
  },
  slos: [],
  createdBy: 'user:default/alice',
  createdAt: Date.UTC(2026, 10, 21, 11, 0),
  updatedBy: 'user:default/alice',
  updatedAt: Date.UTC(2026, 10, 21, 11, 0),
};

/**
 * An ownership API with data for every view. Postmortems are kept in
 * memory, so a test sees what it saved.
 */
export function fakeApi(overrides: Partial<OwnershipApi> = {}): OwnershipApi {
  const postmortems: PostmortemRecord[] = [storedPostmortem];
  const notFound = (id: number) =>
    Promise.reject(new Error(`No postmortem ${id}`));
  return {
    getHealth: async () => ({ status: 'ok' }),
    getDocsAudit: async ({ entityRef }) => ({
      entityRef,
      score: 60,
      findings: [],
      auditedAt: Date.UTC(2026, 10, 21),
    }),
    getTeamDocsAudit: async ({ groupRef }) => ({
      groupRef,
      score: 70,
      entities: [
        {
          entityRef: 'component:default/checkout',
          ownerRef: groupRef,
          score: 55,
          findings: [
            {
              rule: 'missing-link',
              severity: 'error',
              path: 'metadata.links',
              message: 'No playbook link',
              fix: 'Add a link of type playbook',
            },
          ],
          auditedAt: Date.UTC(2026, 10, 21),
          previous: { at: Date.UTC(2026, 10, 20), score: 40 },
        },
        {
          entityRef: 'component:default/payment',
          ownerRef: groupRef,
          score: 85,
          findings: [],
          auditedAt: Date.UTC(2026, 10, 21),
        },
      ],
    }),
    getDocsAuditHistory: async () => ({
      points: [
        { at: Date.UTC(2026, 10, 1), score: 50, entities: 2 },
        { at: Date.UTC(2026, 10, 21), score: 70, entities: 2 },
      ],
    }),
    getOnCall: async () => ({
      groupRef: 'group:default/payments',
      provider: 'builtin',
      atMs: Date.UTC(2026, 10, 21, 12),
      schedules: [
        {
          schedule: 'primary',
          current: [{ name: 'Alice', userRef: 'user:default/alice' }],
          currentUntilMs: Date.UTC(2026, 10, 23, 9),
          next: [{ name: 'Bob', userRef: 'user:default/bob' }],
          nextFromMs: Date.UTC(2026, 10, 23, 9),
        },
        {
          schedule: 'secondary',
          current: [{ name: 'Carol' }],
          next: [],
        },
      ],
    }),
    getEscalation: async () => ({
      groupRef: 'group:default/payments',
      provider: 'builtin',
      policy: {
        name: 'payments default',
        steps: [
          {
            afterMinutes: 0,
            targets: [
              {
                type: 'schedule',
                name: 'primary',
                onCallNow: [{ name: 'Alice', userRef: 'user:default/alice' }],
              },
            ],
          },
          {
            afterMinutes: 15,
            targets: [{ type: 'team', name: 'sre', ref: 'group:default/sre' }],
          },
        ],
        repeat: 2,
        repeatAfterMinutes: 30,
      },
    }),
    getRotationHealth: async () => ({
      rotations: [],
      groupsWithoutRotation: [],
      unavailable: [],
    }),
    listRoutingDecisions: async () => ({ items: [decision] }),
    acknowledgeDecision: async ({ id }) => ({
      ...decision,
      id,
      acknowledgedAt: Date.now(),
      acknowledgedBy: 'user:default/guest',
    }),
    markDecisionActioned: async ({ id, actioned }) => ({
      ...decision,
      id,
      actioned,
    }),
    getHygiene: async ({ ownerRef } = {}) => ({
      ownerRef,
      fromMs: Date.UTC(2026, 9, 24),
      toMs: Date.UTC(2026, 10, 21),
      total: 12,
      perWeek: [2, 3, 4, 3],
      alertsPerWeek: 3,
      acknowledgedShare: 0.75,
      actionedShare: 0.25,
      repeats: 4,
      repeatShare: 1 / 3,
      withoutRunbook: 6,
      withoutRunbookShare: 0.5,
      byAlert: [
        {
          name: 'CheckoutLatency',
          service: 'component:default/checkout',
          count: 8,
          acknowledged: 5,
          actioned: 0,
          repeats: 4,
          withoutRunbook: 6,
        },
        {
          name: 'CheckoutErrors',
          service: 'component:default/checkout',
          count: 4,
          acknowledged: 4,
          actioned: 3,
          repeats: 0,
          withoutRunbook: 0,
        },
      ],
      unnecessary: [
        {
          name: 'CheckoutLatency',
          service: 'component:default/checkout',
          count: 8,
          reasons: [
            'fired 8 times in 4 weeks (2 a week) and was never actioned',
          ],
        },
      ],
      mttaMs: 240_000,
      unacknowledged: 3,
    }),
    getOrgMetrics: async () => ({ series: [], problems: [] }),
    listPostmortems: async ({ ownerRef } = {}) => ({
      items: postmortems.filter(p => !ownerRef || p.ownerRef === ownerRef),
    }),
    getPostmortem: async ({ id }) =>
      postmortems.find(p => p.id === id) ?? notFound(id),
    createPostmortem: async request => {
      const created: PostmortemRecord = {
        ...storedPostmortem,
        id: postmortems.length + 10,
        ownerRef: request.ownerRef ?? storedPostmortem.ownerRef,
        decisionId: request.decisionId,
        document: {
          causes: [],
          ...request.document,
        } as PostmortemRecord['document'],
      };
      postmortems.unshift(created);
      return created;
    },
    updatePostmortem: async ({ id, document }) => {
      const i = postmortems.findIndex(p => p.id === id);
      if (i < 0) return notFound(id);
      postmortems[i] = {
        ...postmortems[i],
        document: { causes: [], ...document },
      };
      return postmortems[i];
    },
    deletePostmortem: async ({ id }) => {
      postmortems.splice(
        postmortems.findIndex(p => p.id === id),
        1,
      );
    },
    getPostmortemStats: async ({ ownerRef } = {}) => ({
      ownerRef,
      fromMs: Date.UTC(2026, 7, 21),
      toMs: Date.UTC(2026, 10, 21),
      incidents: 1,
      mttaMs: 120_000,
      unacknowledged: 0,
      mttrMs: 1_200_000,
      unresolved: 0,
      repeats: [],
    }),
    ...overrides,
  };
}

/** Renders `children` on the page of `entity` (default checkout). */
export function render(
  api: OwnershipApi,
  children: ReactNode,
  options: { entity?: Entity; initialRouteEntries?: string[] } = {},
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [ownershipApiRef, api],
        [catalogApiRef, catalogApiMock({ entities: [checkout, payments] })],
      ]}
    >
      <EntityProvider entity={options.entity ?? checkout}>
        {children}
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      initialRouteEntries: options.initialRouteEntries,
    },
  );
}
