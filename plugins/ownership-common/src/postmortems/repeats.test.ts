import { RepeatCandidate, findRepeatIncidents } from './repeats';

const payment = 'component:default/payment';
const checkout = 'component:default/checkout';
const cert = 'expired-certificate';

/** An incident detected on `date` (YYYY-MM-DD). */
function incident(
  id: string,
  date: string,
  contributingServices: string[],
  causes: string[],
): RepeatCandidate {
  return {
    id,
    contributingServices,
    causes,
    timeline: [{ at: `${date}T12:00:00Z`, event: 'it broke' }],
  };
}

const at = (date: string) => Date.parse(`${date}T12:00:00Z`);

describe('findRepeatIncidents', () => {
  it.each<
    [
      string,
      RepeatCandidate[],
      number | undefined,
      Array<[string, string, Array<[string, string]>]>,
    ]
  >([
    [
      'the same service and cause two months apart',
      [
        incident('a', '2026-01-10', [payment], [cert]),
        incident('b', '2026-03-10', [payment], [cert]),
      ],
      undefined,
      [
        [
          payment,
          cert,
          [
            ['a', '2026-01-10'],
            ['b', '2026-03-10'],
          ],
        ],
      ],
    ],
    [
      'exactly 92 days apart still repeats; 93 does not',
      [
        incident('a', '2026-01-01', [payment], [cert]),
        incident('b', '2026-04-03', [payment], [cert]),
        incident('c', '2026-07-05', [payment], [cert]),
      ],
      undefined,
      [
        [
          payment,
          cert,
          [
            ['a', '2026-01-01'],
            ['b', '2026-04-03'],
          ],
        ],
      ],
    ],
    [
      'a chain of three, each within a quarter of the last',
      [
        incident('c', '2026-05-20', [payment], [cert]),
        incident('a', '2026-01-10', [payment], [cert]),
        incident('b', '2026-03-15', [payment], [cert]),
      ],
      undefined,
      [
        [
          payment,
          cert,
          [
            ['a', '2026-01-10'],
            ['b', '2026-03-15'],
            ['c', '2026-05-20'],
          ],
        ],
      ],
    ],
    [
      'same service, another cause; same cause, another service',
      [
        incident('a', '2026-01-10', [payment], [cert]),
        incident('b', '2026-01-20', [payment], ['bad-config-push']),
        incident('c', '2026-01-30', [checkout], [cert]),
      ],
      undefined,
      [],
    ],
    [
      'an incident with two services repeats on each',
      [
        incident('a', '2026-01-10', [payment, checkout], [cert]),
        incident('b', '2026-02-10', [checkout, payment], [cert]),
      ],
      undefined,
      [
        [
          checkout,
          cert,
          [
            ['a', '2026-01-10'],
            ['b', '2026-02-10'],
          ],
        ],
        [
          payment,
          cert,
          [
            ['a', '2026-01-10'],
            ['b', '2026-02-10'],
          ],
        ],
      ],
    ],
    [
      'a shorter window',
      [
        incident('a', '2026-01-10', [payment], [cert]),
        incident('b', '2026-03-10', [payment], [cert]),
      ],
      30,
      [],
    ],
    [
      'no causes recorded: nothing to compare',
      [
        incident('a', '2026-01-10', [payment], []),
        incident('b', '2026-01-11', [payment], []),
      ],
      undefined,
      [],
    ],
  ])('%s', (_, postmortems, withinDays, expected) => {
    expect(findRepeatIncidents({ postmortems, withinDays })).toEqual(
      expected.map(([service, cause, incidents]) => ({
        service,
        cause,
        incidents: incidents.map(([id, date]) => ({ id, atMs: at(date) })),
      })),
    );
  });
});
