import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { sloApiRef } from '../apis';
import { SloContent } from './SloContent';

jest.setTimeout(30_000);

describe('SloContent', () => {
  it.each([
    [
      { getHealth: async () => ({ status: 'ok' as const }) },
      'SLOs backend: ok',
    ],
    [
      { getHealth: async () => Promise.reject(new Error('unreachable')) },
      'unreachable',
    ],
  ])('shows what the backend answered', async (api, expected) => {
    await renderInTestApp(
      <TestApiProvider apis={[[sloApiRef, api]]}>
        <SloContent />
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
