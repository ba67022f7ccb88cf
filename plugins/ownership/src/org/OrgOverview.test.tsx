import type {
  OrgMetrics,
  ReliabilityMetrics,
} from '@steward/plugin-ownership-common';
import { screen, within } from '@testing-library/react';
import { fakeApi, render, wait } from '../__testUtils__/testApp';
import { OrgOverviewPage } from './OrgOverviewPage';

jest.setTimeout(60_000);

const WEEK = 7 * 86_400_000;
const end = Date.UTC(2026, 10, 21);

function figures(week: number): ReliabilityMetrics {
  return {
    components: 10,
    shares: {
      withOwner: 0.8 + week * 0.1,
      completeDocs: 0.5,
      freshDocs: 0.4,
      withSlo: 0.3,
      tracesSeen: 0.9,
      withOnCall: 0.6,
    },
    alerts: 20 - week * 4,
    alertsPerWeek: 5 - week,
    noiseShare: 0.25,
    incidents: 2,
    mttrMs: 5_400_000,
    deploys: 40,
    changeFailureRate: 0.05,
    repeatIncidents: week,
  };
}

const series: OrgMetrics[] = [0, 1].map(week => ({
  fromMs: end - (5 - week) * WEEK,
  toMs: end - (1 - week) * WEEK,
  org: figures(week),
  teams: [{ ...figures(week), components: 4, group: 'group:default/payments' }],
  unownedComponents: week === 1 ? ['component:default/legacy-batch'] : [],
}));

describe('OrgOverviewPage', () => {
  it('shows the org metrics over time, per team now, and unowned Components', async () => {
    const asked: unknown[] = [];
    const api = fakeApi({
      getOrgMetrics: async query => {
        asked.push(query);
        return { series, problems: ['slo: SLO plugin answered 503'] };
      },
    });
    await render(api, <OrgOverviewPage />);
    const byWeek = await screen.findByRole(
      'table',
      { name: 'Org metrics by week' },
      wait,
    );
    expect(asked).toEqual([{ points: 13, stepWeeks: 1, weeks: 4 }]);
    const rows = within(byWeek).getAllByRole('row');
    expect(rows[1]).toHaveTextContent(/^2026-11-1410/);
    expect(rows[1]).toHaveTextContent('80%');
    expect(rows[2]).toHaveTextContent(/^2026-11-2110/);
    expect(rows[2]).toHaveTextContent('90%');
    expect(rows[2]).toHaveTextContent('1.5 h');
    expect(
      screen.getByLabelText(
        'Share of Components with an owner, docs, SLOs, traces and on-call, week by week',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Some figures are missing: slo: SLO plugin answered 503/,
      ),
    ).toBeInTheDocument();
    const teams = screen.getByRole('table', { name: 'Org metrics by team' });
    expect(within(teams).getByText('payments')).toBeInTheDocument();
    expect(
      within(
        screen.getByRole('list', { name: 'Unowned Components' }),
      ).getByText('legacy-batch'),
    ).toBeInTheDocument();
  });

  it('says when there are no figures, and shows a failing backend', async () => {
    const { unmount } = await render(fakeApi(), <OrgOverviewPage />);
    expect(
      await screen.findByText('No figures yet', {}, wait),
    ).toBeInTheDocument();
    unmount();
    await render(
      fakeApi({
        getOrgMetrics: () => Promise.reject(new Error('catalog unreachable')),
      }),
      <OrgOverviewPage />,
    );
    expect(
      (await screen.findAllByText(/catalog unreachable/, {}, wait))[0],
    ).toBeInTheDocument();
  });
});
