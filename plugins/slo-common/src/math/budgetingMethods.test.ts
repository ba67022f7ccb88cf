import { EventCounts } from './burnRate';
import { sliOverWindow } from './budgetingMethods';
import { expectClose } from './testUtils';

// A busy slice that is fine, a quiet slice that is bad, an empty slice, and
// a busy slice just at the slice target.
const slices: EventCounts[] = [
  { good: 9990, total: 10_000 },
  { good: 5, total: 10 },
  { good: 0, total: 0 },
  { good: 9500, total: 10_000 },
];

describe('sliOverWindow', () => {
  it.each<
    [
      string,
      Parameters<typeof sliOverWindow>[0],
      [number, number, number | undefined],
    ]
  >([
    [
      'Occurrences sums events',
      { method: 'Occurrences', slices },
      [19_495, 20_010, 19_495 / 20_010],
    ],
    [
      'Timeslices counts slices at or above the slice target, skipping empty ones',
      { method: 'Timeslices', slices, timeSliceTarget: 0.95 },
      [2, 3, 2 / 3],
    ],
    [
      'Timeslices with a stricter slice target',
      { method: 'Timeslices', slices, timeSliceTarget: 0.99 },
      [1, 3, 1 / 3],
    ],
    [
      'RatioTimeslices averages slice ratios, skipping empty ones',
      { method: 'RatioTimeslices', slices },
      [0.999 + 0.5 + 0.95, 3, (0.999 + 0.5 + 0.95) / 3],
    ],
    [
      'Occurrences without data',
      { method: 'Occurrences', slices: [] },
      [0, 0, undefined],
    ],
    [
      'Timeslices with only empty slices',
      {
        method: 'Timeslices',
        slices: [{ good: 0, total: 0 }],
        timeSliceTarget: 0.9,
      },
      [0, 0, undefined],
    ],
    [
      'RatioTimeslices without data',
      { method: 'RatioTimeslices', slices: [] },
      [0, 0, undefined],
    ],
  ])('%s', (_, options, [good, total, ratio]) => {
    const sli = sliOverWindow(options);
    expectClose(sli.good, good);
    expect(sli.total).toBe(total);
    expectClose(sli.ratio, ratio);
  });
});
