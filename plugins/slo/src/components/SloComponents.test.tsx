import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ReactNode } from 'react';
import type { SloApi } from '@steward/plugin-slo-common';
import { sloApiRef } from '../apis';
import { SloContent } from './SloContent';
import { SloSummaryCard } from './SloSummaryCard';
import { recentQuarters, TeamScorecard } from './TeamScorecard';
import { checkout, fakeSloApi, payments } from './testData';

// Generous: CI machines may be busy.
jest.setTimeout(60_000);
const wait = { timeout: 20_000 };

function render(api: SloApi, entity: Entity, children: ReactNode) {
  return renderInTestApp(
    <TestApiProvider apis={[[sloApiRef, api]]}>
      <EntityProvider entity={entity}>{children}</EntityProvider>
    </TestApiProvider>,
  );
}

describe('SloContent', () => {
  it('shows the gate and every part of an SLO', async () => {
    const getEntitySlos = jest.fn(fakeSloApi().getEntitySlos);
    const getSlo = jest.fn(fakeSloApi().getSlo);
    await render(
      fakeSloApi({ getEntitySlos, getSlo }),
      checkout,
      <SloContent />,
    );
    expect(
      await screen.findByText('Checkout availability', {}, wait),
    ).toBeInTheDocument();
    // One request serves the whole tab.
    expect(getEntitySlos).toHaveBeenCalledWith('component:default/checkout');
    expect(getEntitySlos).toHaveBeenCalledTimes(1);
    expect(getSlo).not.toHaveBeenCalled();
    await screen.findByLabelText('Wilson 95% interval', {}, wait);
    expect(screen.getByLabelText('Wilson 95% interval')).toHaveTextContent(
      '(95% interval 99.814% – 99.862%)',
    );
    expect(
      screen.getAllByLabelText('Release gate: freeze').length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByText(/160% of the error budget consumed/),
    ).toBeInTheDocument();

    const alerts = screen.getByRole('table', {
      name: 'Burn-rate alerts of Checkout availability',
    });
    const firingRow = within(alerts).getByText('page-1h').closest('tr')!;
    expect(within(firingRow).getByText('firing')).toBeInTheDocument();
    expect(within(firingRow).getByText('1h / 5m')).toBeInTheDocument();

    const quarters = screen.getByRole('table', {
      name: 'Quarterly compliance of Checkout availability',
    });
    expect(within(quarters).getByText('2026-Q3')).toBeInTheDocument();
    expect(within(quarters).getByText('missed')).toBeInTheDocument();

    const contribution = screen.getByRole('table', {
      name: 'Dependency contribution to Checkout availability',
    });
    expect(within(contribution).getByText('75%')).toBeInTheDocument();
    expect(
      screen.getByText('critical: one more nine than the caller'),
    ).toBeInTheDocument();
    // The chart loads after the figures.
    expect(
      await screen.findByLabelText(
        /burn-down of Checkout availability: -60% remaining/,
        {},
        wait,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/team retro and corrective plan/),
    ).toBeInTheDocument();
  });

  it('says when the service has no SLOs', async () => {
    await render(
      fakeSloApi({
        getEntitySlos: async () => ({
          gate: {
            entityRef: 'component:default/checkout',
            decision: 'allow',
            slos: [],
            reasons: [],
          },
          slos: [],
        }),
      }),
      checkout,
      <SloContent />,
    );
    expect(
      await screen.findByText('No SLOs for this service', {}, wait),
    ).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    await render(
      fakeSloApi({
        getEntitySlos: async () =>
          Promise.reject(new Error('slo backend down')),
      }),
      checkout,
      <SloContent />,
    );
    expect(
      (await screen.findAllByText(/slo backend down/, {}, wait))[0],
    ).toBeInTheDocument();
  });
});

describe('SloSummaryCard', () => {
  it('shows the gate and each SLO budget', async () => {
    await render(fakeSloApi(), checkout, <SloSummaryCard />);
    const table = await screen.findByRole(
      'table',
      { name: 'SLO summary' },
      wait,
    );
    expect(within(table).getByText('-60%')).toBeInTheDocument();
    expect(screen.getByLabelText('Release gate: freeze')).toBeInTheDocument();
  });
});

describe('TeamScorecard', () => {
  it('shows the quarter and lets the user pick another', async () => {
    const getScorecard = jest.fn(fakeSloApi().getScorecard);
    await render(fakeSloApi({ getScorecard }), payments, <TeamScorecard />);
    const quarters = recentQuarters(Date.now());
    const table = await screen.findByRole(
      'table',
      { name: `SLO scorecard for ${quarters[0]}` },
      wait,
    );
    expect(
      within(table).getByText('sre-leadership (2 missed)'),
    ).toBeInTheDocument();
    expect(within(table).getByText('met')).toBeInTheDocument();
    expect(getScorecard).toHaveBeenLastCalledWith({
      teamRef: 'group:default/payments',
      quarter: quarters[0],
    });

    await userEvent.click(screen.getByRole('combobox', { name: 'Quarter' }));
    await userEvent.click(
      await screen.findByRole('option', { name: quarters[1] }),
    );
    await screen.findByRole(
      'table',
      { name: `SLO scorecard for ${quarters[1]}` },
      wait,
    );
    expect(getScorecard).toHaveBeenLastCalledWith({
      teamRef: 'group:default/payments',
      quarter: quarters[1],
    });
  });

  it.each([
    [
      new Date(Date.UTC(2026, 10, 21)).getTime(),
      ['2026-Q4', '2026-Q3', '2026-Q2', '2026-Q1'],
    ],
    [
      new Date(Date.UTC(2026, 1, 1)).getTime(),
      ['2026-Q1', '2025-Q4', '2025-Q3', '2025-Q2'],
    ],
  ])('recentQuarters(%p)', (now, expected) => {
    expect(recentQuarters(now)).toEqual(expected);
  });
});
