import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OnCallContent } from './OnCallContent';
import { decision, fakeApi, render, wait } from '../__testUtils__/testApp';

jest.setTimeout(60_000);

describe('OnCallContent', () => {
  it('shows now and next per rotation, the escalation policy and routed alerts', async () => {
    await render(fakeApi(), <OnCallContent />);
    const rotations = await screen.findByRole(
      'table',
      { name: 'On call per rotation' },
      wait,
    );
    const primary = within(rotations).getByText('primary').closest('tr')!;
    expect(primary).toHaveTextContent('Alice until 2026-11-23 09:00 UTC');
    expect(primary).toHaveTextContent('Bob from 2026-11-23 09:00 UTC');
    const secondary = within(rotations).getByText('secondary').closest('tr')!;
    expect(secondary).toHaveTextContent('Carol');
    expect(secondary).toHaveTextContent('nobody');

    const steps = await screen.findByRole(
      'list',
      { name: 'Escalation steps' },
      wait,
    );
    expect(steps).toHaveTextContent(
      'After 0 min: rotation primary (now Alice)',
    );
    expect(steps).toHaveTextContent('After 15 min: team sre');
    expect(
      screen.getByText(
        'Starts over 2 times, 30 min after the last step while nobody acknowledges.',
      ),
    ).toBeInTheDocument();

    const alerts = await screen.findByRole(
      'list',
      { name: 'Routed alerts' },
      wait,
    );
    expect(alerts).toHaveTextContent(
      'payment/charge is the deepest erroring span.',
    );
    expect(
      within(alerts).getByRole('link', { name: 'Create postmortem' }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining('postmortems?fromDecision=7'),
    );
  });

  it('acknowledges an alert and shows who did', async () => {
    let acknowledged = false;
    const api = fakeApi();
    await render(
      {
        ...api,
        acknowledgeDecision: async ({ id }) => {
          acknowledged = true;
          return api.acknowledgeDecision({ id });
        },
        listRoutingDecisions: async () => ({
          items: [
            acknowledged
              ? {
                  ...decision,
                  acknowledgedAt: 1,
                  acknowledgedBy: 'user:default/guest',
                }
              : decision,
          ],
        }),
      },
      <OnCallContent />,
    );
    await userEvent.click(
      await screen.findByRole(
        'button',
        { name: 'Acknowledge CheckoutErrors 7' },
        wait,
      ),
    );
    expect(
      await screen.findByText(/acknowledged by user:default\/guest/, {}, wait),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Acknowledge/ }),
    ).not.toBeInTheDocument();
  });

  it('says when the team has no rotation and no escalation policy', async () => {
    await render(
      fakeApi({
        getOnCall: async () => ({
          groupRef: 'group:default/payments',
          provider: 'builtin',
          atMs: 0,
          schedules: [],
        }),
        getEscalation: async () => ({
          groupRef: 'group:default/payments',
          provider: 'builtin',
        }),
      }),
      <OnCallContent />,
    );
    expect(
      await screen.findByText('The owning team has no rotation', {}, wait),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('No escalation policy', {}, wait),
    ).toBeInTheDocument();
  });

  it('shows the provider error', async () => {
    await render(
      fakeApi({
        getOnCall: () => Promise.reject(new Error('PagerDuty answered 500')),
      }),
      <OnCallContent />,
    );
    expect(
      (await screen.findAllByText(/PagerDuty answered 500/, {}, wait))[0],
    ).toBeInTheDocument();
  });
});
