import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { ownershipApiRef } from '../apis';
import { OwnershipContent } from './OwnershipContent';

jest.setTimeout(30_000);

describe('OwnershipContent', () => {
  it.each([
    [
      { getHealth: async () => ({ status: 'ok' as const }) },
      'Ownership backend: ok',
    ],
    [
      { getHealth: async () => Promise.reject(new Error('unreachable')) },
      'unreachable',
    ],
  ])('shows what the backend answered', async (api, expected) => {
    await renderInTestApp(
      <TestApiProvider apis={[[ownershipApiRef, api]]}>
        <OwnershipContent />
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
