import { screen, within } from '@testing-library/react';
import { fakeApi, payments, render, wait } from '../__testUtils__/testApp';
import { TeamHealthContent } from './TeamHealthContent';

jest.setTimeout(60_000);

describe('TeamHealthContent', () => {
  it("shows the team's alert hygiene and the docs health of its services", async () => {
    const asked: Array<string | undefined> = [];
    const api = fakeApi();
    await render(
      {
        ...api,
        getHygiene: options => {
          asked.push(options.ownerRef);
          return api.getHygiene(options);
        },
      },
      <TeamHealthContent />,
      { entity: payments },
    );
    const figures = await screen.findByLabelText(
      'Alert hygiene figures',
      {},
      wait,
    );
    expect(asked).toEqual(['group:default/payments']);
    expect(figures).toHaveTextContent('Alerts12 (2, 3, 4, 3 per week');
    expect(figures).toHaveTextContent('Acknowledged75%');
    expect(figures).toHaveTextContent('Actioned25%');
    expect(figures).toHaveTextContent('Without a runbook6 (50%)');
    expect(figures).toHaveTextContent('Mean time to acknowledge4 min');
    expect(figures).toHaveTextContent('Mean time to restore20 min');
    expect(
      screen.getByRole('list', { name: 'Unnecessary alerts' }),
    ).toHaveTextContent(
      'CheckoutLatency on component:default/checkoutfired 8 times in 4 weeks',
    );

    const docs = await screen.findByRole(
      'table',
      { name: "Docs health of the team's services" },
      wait,
    );
    const checkoutRow = within(docs).getAllByRole('row')[1];
    expect(checkoutRow).toHaveTextContent('checkout');
    expect(checkoutRow).toHaveTextContent('55/100');
    expect(checkoutRow).toHaveTextContent('+15 since 2026-11-20');
    expect(checkoutRow).toHaveTextContent('No playbook link');
    expect(screen.getByText('Mean score 70 of 100')).toBeInTheDocument();
  });

  it('says when the team owns nothing and when nothing fired', async () => {
    const api = fakeApi();
    await render(
      fakeApi({
        getTeamDocsAudit: async ({ groupRef }) => ({ groupRef, entities: [] }),
        getHygiene: async options => ({
          ...(await api.getHygiene(options)),
          total: 0,
          byAlert: [],
          unnecessary: [],
        }),
      }),
      <TeamHealthContent />,
      { entity: payments },
    );
    expect(
      await screen.findByText('The team owns no Components', {}, wait),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(/None: every frequent alert/, {}, wait),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: 'Alerts by name' }),
    ).not.toBeInTheDocument();
  });

  it('shows backend errors', async () => {
    await render(
      fakeApi({
        getHygiene: () => Promise.reject(new Error('hygiene failed')),
        getTeamDocsAudit: () => Promise.reject(new Error('catalog refused')),
      }),
      <TeamHealthContent />,
      { entity: payments },
    );
    expect(
      (await screen.findAllByText(/hygiene failed/, {}, wait))[0],
    ).toBeInTheDocument();
    expect(
      (await screen.findAllByText(/catalog refused/, {}, wait))[0],
    ).toBeInTheDocument();
  });
});
