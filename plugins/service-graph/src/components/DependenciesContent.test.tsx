import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { catalogApiRef, EntityProvider } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import type {
  ServiceGraphApi,
  Trace,
} from '@steward/plugin-service-graph-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import { serviceGraphApiRef } from '../apis';
import { DependenciesContent } from './DependenciesContent';

jest.setTimeout(60_000);
const wait = { timeout: 20_000 };

function component(
  name: string,
  dependsOn: string[] = [],
  serviceName?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: serviceName
        ? { 'steward.dev/service-name': serviceName }
        : {},
    },
    spec: {
      type: 'service',
      owner: 'group:default/payments',
      lifecycle: 'production',
      dependsOn,
    },
  };
}

const checkout = component('checkout', [
  'component:payment',
  'component:inventory',
]);
const payment = component('payment', [], 'payment-svc');
const inventory = component('inventory');

const trace: Trace = {
  traceId: 'abc123',
  spans: [
    {
      traceId: 'abc123',
      spanId: 's1',
      service: 'checkout',
      name: 'POST /checkout',
      kind: 2,
      startUnixMs: 1000,
      durationMs: 120,
      error: true,
      attributes: { 'http.route': '/checkout' },
      events: [],
      links: [],
    },
    {
      traceId: 'abc123',
      spanId: 's2',
      parentSpanId: 's1',
      service: 'payment-svc',
      name: 'charge',
      kind: 2,
      startUnixMs: 1010,
      durationMs: 100,
      error: true,
      statusMessage: 'card declined',
      attributes: { 'payment.provider': 'bank' },
      events: [
        {
          timeUnixMs: 1050,
          name: 'exception',
          attributes: { 'exception.type': 'DeclinedError' },
        },
      ],
      links: [],
    },
  ],
};

function fakeApi(overrides: Partial<ServiceGraphApi> = {}): ServiceGraphApi {
  const range = { from: '', to: '', resolution: 'm' as const };
  return {
    getHealth: async () => ({ status: 'ok' }),
    getDependencies: async () => ({
      ...range,
      dependencies: [
        {
          parent: 'checkout',
          child: 'payment-svc',
          callCount: 1200,
          errorCount: 36,
          connectionType: '',
          latencyMs: { p50: 12.5, p90: 40, p99: 180 },
        },
        {
          parent: 'checkout',
          child: 'cart',
          callCount: 800,
          errorCount: 0,
          connectionType: '',
          latencyMs: { p50: 3, p99: 9 },
        },
        {
          parent: 'payment-svc',
          child: 'bank',
          callCount: 1200,
          errorCount: 30,
          connectionType: '',
          latencyMs: { p50: 50, p99: 1500 },
        },
      ],
    }),
    getRed: jest.fn(),
    getOperations: jest.fn(),
    getEdge: jest.fn(),
    getTrace: async id => (id === trace.traceId ? trace : undefined),
    searchErrorTraces: async () => ({ traceIds: ['abc123'] }),
    getSliWindows: jest.fn(),
    getCatalogRelations: jest.fn(),
    getDrift: async () => ({
      ...range,
      entityRef: 'component:default/checkout',
      confirmed: ['component:default/payment'],
      declaredNotObserved: ['component:default/inventory'],
      observedNotDeclared: ['component:default/cart'],
    }),
    ...overrides,
  };
}

async function render(api: ServiceGraphApi) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [serviceGraphApiRef, api],
        [
          catalogApiRef,
          catalogApiMock({ entities: [checkout, payment, inventory] }),
        ],
      ]}
    >
      <EntityProvider entity={checkout}>
        <DependenciesContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('DependenciesContent', () => {
  it('shows observed against declared edges with their figures, then a trace', async () => {
    await render(fakeApi());
    const table = await screen.findByRole(
      'table',
      { name: 'Dependencies of this service' },
      wait,
    );
    const row = (id: string) =>
      table.querySelector(`[data-edge="${id}"]`) as HTMLElement;

    // payment is declared as an entity whose spans say payment-svc.
    const payments = row('checkout → payment-svc');
    expect(
      within(payments).getByText('declared and observed'),
    ).toBeInTheDocument();
    expect(within(payments).getByText('1,200')).toBeInTheDocument();
    expect(within(payments).getByText('36 (3%)')).toBeInTheDocument();
    expect(within(payments).getByText('12.5 ms')).toBeInTheDocument();
    expect(within(payments).getByText('180 ms')).toBeInTheDocument();
    // cart is in the catalog only by name (no entity): observed, not declared.
    expect(
      within(row('checkout → cart')).getByText('observed, not declared'),
    ).toBeInTheDocument();
    expect(
      within(row('checkout → inventory')).getByText('declared, not observed'),
    ).toBeInTheDocument();
    // The graph's own edges beyond the neighbourhood are not in the table.
    expect(table.querySelector('[data-edge="payment-svc → bank"]')).toBeNull();
    expect(
      screen.getByRole('note', { name: 'Drift summary' }),
    ).toHaveTextContent(
      'Declared and observed: 1 · observed, not declared: 1 · declared, not observed: 1',
    );
    expect(
      screen.getByRole('application', {
        name: /Dependency graph of checkout: 4 services, 3 edges/,
      }),
    ).toBeInTheDocument();

    await userEvent.click(
      within(payments).getByRole('button', {
        name: 'Error traces of checkout → payment-svc',
      }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'abc123' }, wait),
    );

    const spans = await screen.findByRole(
      'list',
      { name: 'Spans of trace abc123' },
      wait,
    );
    expect(
      within(spans).getByRole('button', {
        name: 'checkout POST /checkout, 120 ms, error',
      }),
    ).toBeInTheDocument();
    expect(within(spans).getAllByText('error')).toHaveLength(2);
    // Opens on the deepest erroring span.
    const details = screen.getByRole('region', {
      name: 'Details of span charge',
    });
    expect(details).toHaveTextContent('card declined');
    expect(details).toHaveTextContent('payment.provider = bank');
    expect(details).toHaveTextContent(
      '+40 ms exception exception.type=DeclinedError',
    );
  });

  it('shows the whole graph on request', async () => {
    await render(fakeApi());
    await userEvent.click(
      await screen.findByRole('button', { name: 'whole graph' }, wait),
    );
    expect(
      screen.getByRole('application', { name: /5 services, 4 edges/ }),
    ).toBeInTheDocument();
  });

  it('says when nothing was observed', async () => {
    await render(
      fakeApi({
        getDependencies: async () => ({
          from: '',
          to: '',
          resolution: 'm',
          dependencies: [],
        }),
        getDrift: async () => ({
          from: '',
          to: '',
          resolution: 'm',
          entityRef: '',
          confirmed: [],
          declaredNotObserved: [],
          observedNotDeclared: [],
        }),
      }),
    );
    expect(
      await screen.findByText(
        'No calls to or from this service in the time range.',
        {},
        wait,
      ),
    ).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    await render(
      fakeApi({
        getDrift: () => Promise.reject(new Error('graph backend down')),
      }),
    );
    expect(
      (await screen.findAllByText(/graph backend down/, {}, wait))[0],
    ).toBeInTheDocument();
  });
});
