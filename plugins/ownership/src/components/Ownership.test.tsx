import { screen, within } from '@testing-library/react';
import { DocsHealthCard } from './DocsHealthCard';
import { OwnerCard } from './OwnerCard';
import { OwnershipContent } from './OwnershipContent';
import { checkout, fakeApi, render, wait } from '../__testUtils__/testApp';

jest.setTimeout(60_000);

describe('OwnershipContent', () => {
  it('shows owner, members, docs audit and routed alerts with their explanation', async () => {
    await render(
      fakeApi({
        getDocsAudit: async ({ entityRef }) => ({
          entityRef,
          score: 55,
          auditedAt: Date.now(),
          findings: [
            {
              rule: 'missing-link',
              severity: 'error',
              path: 'metadata.links',
              message: 'has no playbook link',
              fix: 'add a metadata.links entry with type: playbook',
            },
          ],
        }),
      }),
      <OwnershipContent />,
    );
    expect(
      await screen.findByText('Last reviewed 10 days ago', {}, wait),
    ).toBeInTheDocument();
    expect(screen.getByText('alice')).toBeInTheDocument();
    expect(screen.getByText('bob')).toBeInTheDocument();
    expect(screen.getByText('Tier: 1')).toBeInTheDocument();
    // The backend's audit, not one computed in the browser.
    const findings = screen.getByRole('list', { name: 'Docs audit findings' });
    expect(findings).toHaveTextContent('has no playbook link');
    expect(findings).toHaveTextContent(
      'Fix: add a metadata.links entry with type: playbook',
    );
    expect(
      screen.getByLabelText('Docs score 55 of 100, 1 findings'),
    ).toBeInTheDocument();

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

  it('shows the docs audit error and still the routed alerts', async () => {
    await render(
      fakeApi({ getDocsAudit: () => Promise.reject(new Error('audit down')) }),
      <OwnershipContent />,
    );
    expect(
      (await screen.findAllByText(/audit down/, {}, wait))[0],
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('list', { name: 'Routed alerts' }, wait),
    ).toHaveTextContent('CheckoutErrors');
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
  it('shows owner, tier and who is on call now, not who was paged last', async () => {
    const asked: unknown[] = [];
    await render(
      fakeApi({
        getOnCall: async query => {
          asked.push(query);
          return fakeApi().getOnCall(query);
        },
      }),
      <OwnerCard />,
    );
    const now = await screen.findByRole('list', { name: 'On call now' }, wait);
    expect(now).toHaveTextContent('primary: Alice until 2026-11-23 09:00 UTC');
    expect(now).toHaveTextContent('secondary: Carol');
    expect(within(now).getByRole('link', { name: 'Alice' })).toHaveAttribute(
      'href',
      '/catalog/default/user/alice',
    );
    expect(asked).toEqual([{ entityRef: 'component:default/checkout' }]);
    expect(screen.getByText('payments')).toBeInTheDocument();
    expect(screen.getByText('1')).toBeInTheDocument();
  });

  it('says when the owning team has no rotation', async () => {
    await render(
      fakeApi({
        getOnCall: async () => ({
          groupRef: 'group:default/payments',
          provider: 'builtin',
          atMs: Date.now(),
          schedules: [],
        }),
      }),
      <OwnerCard />,
    );
    expect(
      await screen.findByText('the owning team has no rotation', {}, wait),
    ).toBeInTheDocument();
    expect(screen.getByText('payments')).toBeInTheDocument();
  });

  it('keeps owner and tier when the on-call API fails', async () => {
    await render(
      fakeApi({ getOnCall: () => Promise.reject(new Error('pager down')) }),
      <OwnerCard />,
    );
    expect(await screen.findByRole('alert', {}, wait)).toHaveTextContent(
      'unavailable: pager down',
    );
    expect(screen.getByText('payments')).toBeInTheDocument();
  });
});

describe('DocsHealthCard', () => {
  it("shows the backend's audit score, findings, review age and the way to the Ownership tab", async () => {
    const asked: unknown[] = [];
    await render(
      fakeApi({
        getDocsAudit: async ({ entityRef }) => {
          asked.push(entityRef);
          return {
            entityRef,
            score: 45,
            auditedAt: Date.now(),
            findings: [
              {
                rule: 'missing-link',
                severity: 'error',
                path: 'metadata.links',
                message: 'has no alerts link',
                fix: 'add one',
              },
              {
                rule: 'no-tier',
                severity: 'warning',
                path: 'metadata.annotations',
                message: 'has no tier',
                fix: 'add one',
              },
            ],
          };
        },
      }),
      <DocsHealthCard />,
    );
    const figures = await screen.findByLabelText(
      'Docs health figures',
      {},
      wait,
    );
    expect(asked).toEqual(['component:default/checkout']);
    expect(
      within(figures).getByLabelText('Docs score 45 of 100, 2 findings'),
    ).toBeInTheDocument();
    expect(figures).toHaveTextContent('Findings2 (1 error)');
    expect(figures).toHaveTextContent('Last review10 days ago');
    expect(
      screen.getByRole('link', { name: /Findings in the Ownership tab/ }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout/ownership');
  });

  it('says when nothing is found and the docs were never reviewed', async () => {
    await render(fakeApi(), <DocsHealthCard />, {
      entity: {
        ...checkout,
        metadata: { ...checkout.metadata, annotations: {} },
      },
    });
    const figures = await screen.findByLabelText(
      'Docs health figures',
      {},
      wait,
    );
    expect(figures).toHaveTextContent('Findingsnone');
    expect(figures).toHaveTextContent('Last reviewnever reviewed');
  });

  it('shows the ownership backend error', async () => {
    await render(
      fakeApi({ getDocsAudit: () => Promise.reject(new Error('audit down')) }),
      <DocsHealthCard />,
    );
    expect(
      (await screen.findAllByText(/audit down/, {}, wait))[0],
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('Docs health figures')).toBeNull();
  });
});
