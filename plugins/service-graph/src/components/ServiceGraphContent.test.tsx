import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { serviceGraphApiRef } from '../apis';
import { ServiceGraphContent } from './ServiceGraphContent';

jest.setTimeout(30_000);

describe('ServiceGraphContent', () => {
  it.each([
    [
      { getHealth: async () => ({ status: 'ok' as const }) },
      'Dependencies backend: ok',
    ],
    [
      { getHealth: async () => Promise.reject(new Error('unreachable')) },
      'unreachable',
    ],
  ])('shows what the backend answered', async (api, expected) => {
    await renderInTestApp(
      <TestApiProvider apis={[[serviceGraphApiRef, api]]}>
        <ServiceGraphContent />
      </TestApiProvider>,
    );
    expect(
      (
        await screen.findAllByText(
          expected,
          { exact: false },
          // Generous: CI machines may be busy.
          { timeout: 15_000 },
        )
      )[0],
    ).toBeInTheDocument();
  });
});
