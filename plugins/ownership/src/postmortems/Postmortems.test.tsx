import type { CreatePostmortemRequest } from '@steward/plugin-ownership-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeApi, render, wait } from '../__testUtils__/testApp';
import { PostmortemsContent } from './PostmortemsContent';

jest.setTimeout(90_000);

function badRequest(message: string) {
  return Object.assign(new Error('Request failed with 400 Bad Request'), {
    body: { error: { name: 'InputError', message } },
  });
}

async function fillRequired(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('radio', { name: /Features broken/ }));
  await user.click(screen.getByRole('radio', { name: 'A few' }));
}

describe('PostmortemsContent', () => {
  it('lists the postmortems naming the service', async () => {
    await render(fakeApi(), <PostmortemsContent />);
    const table = await screen.findByRole(
      'table',
      { name: 'Postmortems' },
      wait,
    );
    const row = within(table)
      .getByText('Checkout errors from card declines')
      .closest('tr')!;
    expect(row).toHaveTextContent('features broken');
    expect(row).toHaveTextContent('2026-11-21 10:00 UTC');
    expect(row).toHaveTextContent(
      'Alert on decline rate (user:default/alice, due 2026-12-01)',
    );
  });

  it('says when there are none, and shows a failing backend', async () => {
    const { unmount } = await render(
      fakeApi({ listPostmortems: async () => ({ items: [] }) }),
      <PostmortemsContent />,
    );
    expect(
      await screen.findByText('No postmortems name this service', {}, wait),
    ).toBeInTheDocument();
    unmount();
    await render(
      fakeApi({
        listPostmortems: () => Promise.reject(new Error('database is down')),
      }),
      <PostmortemsContent />,
    );
    expect(
      (await screen.findAllByText(/database is down/, {}, wait))[0],
    ).toBeInTheDocument();
  });

  it('creates a postmortem with the structured form and lists it', async () => {
    const user = userEvent.setup();
    await render(fakeApi(), <PostmortemsContent />);
    await user.click(
      await screen.findByRole('button', { name: 'New postmortem' }, wait),
    );
    expect(screen.getByLabelText('Contributing services')).toHaveValue(
      'component:default/checkout',
    );
    await user.type(screen.getByLabelText('Title'), 'Cache stampede');
    await user.type(
      screen.getByLabelText('First symptom'),
      'Latency alert on checkout',
    );
    await user.type(
      screen.getByLabelText('Links to the first symptom'),
      'https://grafana.example/d/1',
    );
    await fillRequired(user);
    await user.click(
      screen.getByRole('button', { name: 'Add timeline entry' }),
    );
    await user.clear(screen.getByLabelText('Time 1'));
    await user.type(screen.getByLabelText('Time 1'), '2026-11-20T08:00:00Z');
    await user.type(screen.getByLabelText('Event 1'), 'Cache flushed');
    await user.click(
      screen.getByRole('button', { name: 'Add action items entry' }),
    );
    await user.type(screen.getByLabelText('Action 1'), 'Add jitter');
    await user.type(screen.getByLabelText('Owner of action 1'), 'bob');
    await user.type(
      screen.getByLabelText('Due date of action 1'),
      '2026-12-15',
    );
    await user.click(screen.getByRole('button', { name: 'Save postmortem' }));

    const table = await screen.findByRole(
      'table',
      { name: 'Postmortems' },
      wait,
    );
    const row = within(table).getByText('Cache stampede').closest('tr')!;
    expect(row).toHaveTextContent('Add jitter (bob, due 2026-12-15)');
    expect(row).toHaveTextContent('2026-11-20 08:00 UTC');
  });

  it("shows the backend's 400 next to each field it names", async () => {
    const user = userEvent.setup();
    await render(
      fakeApi({
        createPostmortem: () =>
          Promise.reject(
            badRequest(
              'Invalid postmortem: document.title must not be empty; document.timeline must have at least one entry; document.contributingServices[0] must be a component name or ref, like checkout or component:default/checkout',
            ),
          ),
      }),
      <PostmortemsContent />,
    );
    await user.click(
      await screen.findByRole('button', { name: 'New postmortem' }, wait),
    );
    await user.click(screen.getByRole('button', { name: 'Save postmortem' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The postmortem was not saved',
    );
    const title = screen.getByLabelText('Title');
    expect(title).toHaveAttribute('aria-invalid', 'true');
    expect(title).toHaveAccessibleDescription('must not be empty');
    expect(
      screen.getByLabelText('Contributing services'),
    ).toHaveAccessibleDescription(
      'contributingServices[0]: must be a component name or ref, like checkout or component:default/checkout',
    );
    expect(
      screen.getByText('must have at least one entry'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('First symptom')).toHaveAttribute(
      'aria-invalid',
      'false',
    );
  });

  it('edits a postmortem', async () => {
    const user = userEvent.setup();
    await render(fakeApi(), <PostmortemsContent />);
    await user.click(
      await screen.findByRole(
        'button',
        { name: 'Edit Checkout errors from card declines' },
        wait,
      ),
    );
    expect(
      screen.getByRole('radio', { name: /Features broken/ }),
    ).toBeChecked();
    expect(screen.getByLabelText('Event 2')).toHaveValue('Rolled back payment');
    const title = screen.getByLabelText('Title');
    await user.clear(title);
    await user.type(title, 'Card declines after config push');
    await user.click(screen.getByRole('button', { name: 'Save postmortem' }));
    expect(
      await screen.findByText('Card declines after config push', {}, wait),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('Checkout errors from card declines'),
    ).not.toBeInTheDocument();
  });

  it('prefills the form from a routed alert and links it on save', async () => {
    const user = userEvent.setup();
    const created: CreatePostmortemRequest[] = [];
    const api = fakeApi();
    await render(
      {
        ...api,
        createPostmortem: request => {
          created.push(request);
          return api.createPostmortem(request);
        },
      },
      <PostmortemsContent />,
      { initialRouteEntries: ['/?fromDecision=7'] },
    );
    expect(
      await screen.findByRole(
        'heading',
        { name: 'New postmortem from routed alert 7' },
        wait,
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Title')).toHaveValue(
      'CheckoutErrors at payment',
    );
    expect(screen.getByLabelText('Event 1')).toHaveValue(
      'CheckoutErrors fired',
    );
    await fillRequired(user);
    await user.click(screen.getByRole('button', { name: 'Save postmortem' }));
    await screen.findByRole('table', { name: 'Postmortems' }, wait);
    expect(created).toHaveLength(1);
    expect(created[0].decisionId).toBe(7);
    expect(created[0].ownerRef).toBe('group:default/payments');
    expect(created[0].document).toMatchObject({
      title: 'CheckoutErrors at payment',
      severity: 'features-broken',
      usersImpacted: 'few',
      alertIds: ['7'],
    });
  });
});
