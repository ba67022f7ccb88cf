import { screen, within } from '@testing-library/react';
import { OwnerCard } from './OwnerCard';
import { OwnershipContent } from './OwnershipContent';
import { checkout, fakeApi, render, wait } from '../__testUtils__/testApp';

jest.setTimeout(60_000);

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

  it('shows a script link as text: it is not followed and does not break the card', async () => {
    await render(fakeApi(), <OwnershipContent />, {
      entity: {
        ...checkout,
        metadata: {
          ...checkout.metadata,
          links: [
            {
              // eslint-disable-next-line no-script-url -- the input under test
              url: 'javascript:alert(1)',
              title: 'Evil runbook',
              type: 'runbook',
            },
            ...checkout.metadata.links!,
          ],
        },
      },
    });
    const links = await screen.findByRole('list', { name: 'Docs links' }, wait);
    expect(within(links).getByText('Evil runbook')).toHaveAttribute(
      'title',
      'Not a web link: javascript:alert(1)',
    );
    expect(
      within(links).queryByRole('link', { name: /Evil runbook/ }),
    ).toBeNull();
    expect(
      within(links).getByRole('link', { name: /Runbook/ }),
    ).toHaveAttribute('href', 'https://runbooks.example/checkout');
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
