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
import type { OwnershipApi } from '@steward/plugin-ownership-common';
import { screen, within } from '@testing-library/react';
import { ReactNode } from 'react';
import { ownershipApiRef } from '../apis';
import { OwnerCard } from './OwnerCard';
import { OwnershipContent } from './OwnershipContent';

jest.setTimeout(60_000);
const wait = { timeout: 20_000 };
const DAY = 86_400_000;

const reviewed = new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10);

const checkout: Entity = {
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

const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
  relations: [
    { type: 'hasMember', targetRef: 'user:default/alice' },
    { type: 'hasMember', targetRef: 'user:default/bob' },
  ],
};

function fakeApi(overrides: Partial<OwnershipApi> = {}): OwnershipApi {
  const unused = async (): Promise<never> => {
    throw new Error('not used by the Ownership tab');
  };
  return {
    getHealth: async () => ({ status: 'ok' }),
    getDocsAudit: unused,
    getTeamDocsAudit: unused,
    getDocsAuditHistory: unused,
    getOnCall: unused,
    getEscalation: unused,
    getRotationHealth: unused,
    listRoutingDecisions: async () => ({
      items: [
        {
          id: 7,
          receivedAt: Date.UTC(2026, 10, 21, 10, 0),
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
        },
      ],
    }),
    ...overrides,
  };
}

function render(api: OwnershipApi, children: ReactNode) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [ownershipApiRef, api],
        [catalogApiRef, catalogApiMock({ entities: [checkout, payments] })],
      ]}
    >
      <EntityProvider entity={checkout}>{children}</EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('OwnershipContent', () => {
  it('shows owner, members, docs audit and routed alerts with their explanation', async () => {
    await render(fakeApi(), <OwnershipContent />);
    expect(
      await screen.findByText('Last reviewed 10 days ago', {}, wait),
    ).toBeInTheDocument();
    expect(screen.getByText('alice')).toBeInTheDocument();
    expect(screen.getByText('bob')).toBeInTheDocument();
    expect(screen.getByText('Tier: 1')).toBeInTheDocument();
    // alerts and playbook links are required by default and missing.
    const findings = screen.getByRole('list', { name: 'Docs audit findings' });
    expect(
      within(findings).getAllByText(/alerts|playbook/).length,
    ).toBeGreaterThan(0);
    expect(screen.getByLabelText(/Docs score \d+ of 100/)).toBeInTheDocument();

    const alerts = await screen.findByRole(
      'list',
      { name: 'Routed alerts' },
      wait,
    );
    expect(alerts).toHaveTextContent('CheckoutErrors');
    expect(alerts).toHaveTextContent('paged user:default/alice');
    expect(alerts).toHaveTextContent(
      'Trace path: checkout/POST /checkout → payment/charge.',
    );
    expect(alerts).toHaveTextContent(
      'payment/charge is the deepest erroring span.',
    );
    expect(
      within(alerts).getByRole('link', { name: 'Open trace abc123' }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining('dependencies?trace=abc123'),
    );
  });

  it('says when no alert was routed', async () => {
    await render(
      fakeApi({ listRoutingDecisions: async () => ({ items: [] }) }),
      <OwnershipContent />,
    );
    expect(
      await screen.findByText('No alerts routed to this service', {}, wait),
    ).toBeInTheDocument();
  });

  it('shows the ownership backend error', async () => {
    await render(
      fakeApi({
        listRoutingDecisions: () => Promise.reject(new Error('ownership down')),
      }),
      <OwnershipContent />,
    );
    expect(
      (await screen.findAllByText(/ownership down/, {}, wait))[0],
    ).toBeInTheDocument();
  });
});

describe('OwnerCard', () => {
  it('shows owner, tier, docs health and the last paged on-call', async () => {
    await render(fakeApi(), <OwnerCard />);
    expect(
      await screen.findByText('user:default/alice', {}, wait),
    ).toBeInTheDocument();
    expect(screen.getByText('payments')).toBeInTheDocument();
    expect(screen.getByText('1')).toBeInTheDocument();
  });
});
