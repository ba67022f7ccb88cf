import { groupCountResults } from './results';

const sample = (metric: Record<string, string>, value: number) => ({
  metric,
  value,
});

describe('groupCountResults', () => {
  it('joins calls, errors and buckets of each edge and converts seconds', () => {
    const edge = { client: 'web', server: 'checkout', connection_type: '' };
    const db = {
      client: 'checkout',
      server: 'postgres',
      connection_type: 'database',
    };
    const groups = groupCountResults({
      by: ['client', 'server', 'connection_type'],
      calls: [sample(edge, 100), sample(db, 10)],
      errors: [sample(edge, 3)],
      buckets: [
        sample({ ...edge, le: '0.1' }, 50),
        sample({ ...edge, le: '1' }, 100),
        sample({ ...edge, le: '+Inf' }, 100),
        sample({ ...db, le: '0.01' }, 10),
        sample({ ...db, le: '+Inf' }, 10),
      ],
      durationUnit: 's',
    });
    expect(groups).toEqual([
      {
        labels: edge,
        calls: 100,
        errors: 3,
        latencyMs: {
          p50: 100,
          p90: expect.closeTo(820, 6),
          p99: expect.closeTo(982, 6),
        },
      },
      {
        labels: db,
        calls: 10,
        errors: 0,
        latencyMs: {
          p50: 5,
          p90: expect.closeTo(9, 6),
          p99: expect.closeTo(9.9, 6),
        },
      },
    ]);
  });

  it.each([
    ['no series at all', [], [], [], []],
    [
      'an operation without duration buckets',
      [sample({ span_name: 'GET /' }, 4)],
      [],
      [],
      [{ labels: { span_name: 'GET /' }, calls: 4, errors: 0, latencyMs: {} }],
    ],
    [
      'errors of a group without calls are left out',
      [],
      [sample({ span_name: 'GET /' }, 4)],
      [],
      [],
    ],
  ])('%s', (_name, calls, errors, buckets, expected) => {
    const groups = groupCountResults({
      by: ['span_name'],
      calls,
      errors,
      buckets,
      durationUnit: 'ms',
    });
    expect(
      groups.map(g => ({
        ...g,
        latencyMs: Object.fromEntries(
          Object.entries(g.latencyMs).filter(([, v]) => v !== undefined),
        ),
      })),
    ).toEqual(expected);
  });
});
