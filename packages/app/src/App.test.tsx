import { render, screen } from '@testing-library/react';

// Generous: the first run transforms every plugin, on a busy machine.
jest.setTimeout(60_000);

describe('App', () => {
  it('starts at the guest sign-in page', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Steward' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };
    const { default: app } = await import('./App');

    render(app.createRoot());

    expect(await screen.findByText('Guest')).toBeInTheDocument();
  });
});
