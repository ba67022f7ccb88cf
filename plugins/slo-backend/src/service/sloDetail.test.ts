import type {
  SliWindowsRequest,
  SliWindowsResponse,
} from '@steward/plugin-service-graph-common';
import { sharedSliWindows } from './sloDetail';

const hour = [{ from: 0, to: 3_600_000 }];

describe('sharedSliWindows', () => {
  it.each([
    [
      'the same kind and service with other thresholds: one request',
      [
        { kind: 'op', services: ['checkout'], thresholdsMs: [], windows: hour },
        {
          kind: 'op',
          services: ['checkout'],
          thresholdsMs: [300],
          windows: hour,
        },
      ],
      1,
    ],
    [
      'op and edge windows: one request each',
      [
        { kind: 'op', services: ['checkout'], windows: hour },
        { kind: 'edge', services: ['checkout'], windows: hour },
      ],
      2,
    ],
    [
      'another service: a request of its own',
      [
        { kind: 'op', services: ['checkout'], windows: hour },
        { kind: 'op', services: ['payment'], windows: hour },
      ],
      2,
    ],
  ] as Array<[string, SliWindowsRequest[], number]>)(
    '%s',
    async (_, requests, expected) => {
      const sent: SliWindowsRequest[] = [];
      const source = {
        getSliWindows: async (request: SliWindowsRequest) => {
          sent.push(request);
          return {
            thresholdsMs: request.thresholdsMs ?? [],
            untrackedThresholdsMs: [],
            windows: [],
          } as SliWindowsResponse;
        },
      };
      const shared = sharedSliWindows(source, [300, 1000]);
      const answers = await Promise.all(
        requests.map(r => shared.getSliWindows(r)),
      );
      expect(sent).toHaveLength(expected);
      // Every answer counts every threshold any of the SLOs needs.
      for (const request of sent) {
        expect(request.thresholdsMs).toEqual([300, 1000]);
      }
      expect(answers.map(a => a.thresholdsMs)).toEqual(
        requests.map(() => [300, 1000]),
      );
    },
  );
});
