import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { duration, parseQuery, resolveRange, timeRange } from './query';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Not on any bucket boundary, so that alignment shows. */
const NOW = Date.UTC(2026, 10, 21, 12, 34, 56, 789);
const RETENTION = { minuteMs: 2 * DAY, hourMs: 35 * DAY, dayMs: 400 * DAY };

const floorTo = (ms: number, width: number) => Math.floor(ms / width) * width;
const ceilTo = (ms: number, width: number) => Math.ceil(ms / width) * width;

/** The error `fn` throws, or undefined. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Compared as what a client sees: the type and the message. */
const asInputError = (error: unknown) => ({
  isInputError: error instanceof InputError,
  message: (error as Error | undefined)?.message,
});

describe('parseQuery', () => {
  const schema = timeRange
    .extend({
      service: z.string().min(1).max(255),
      step: duration.optional(),
    })
    .strict();

  it('returns the parsed and transformed query', () => {
    expect(
      parseQuery(schema, {
        service: 'checkout',
        from: '2026-11-21T12:00:00.000Z',
        to: '1795350000000',
        step: '5m',
      }),
    ).toEqual({
      service: 'checkout',
      from: Date.UTC(2026, 10, 21, 12),
      to: 1_795_350_000_000,
      step: 5 * MINUTE,
    });
  });

  it.each([
    {
      name: 'a missing field',
      query: {},
      message: 'Invalid query: service: Required',
    },
    {
      name: 'an empty string',
      query: { service: '' },
      message:
        'Invalid query: service: String must contain at least 1 character(s)',
    },
    {
      name: 'a bad duration',
      query: { service: 'a', step: '5x' },
      message:
        'Invalid query: step: must be a positive duration such as 30s, 5m, 1h or 7d',
    },
    {
      name: 'a bad time',
      query: { service: 'a', from: 'yesterday' },
      message:
        'Invalid query: from: must be an ISO 8601 time or Unix milliseconds',
    },
    {
      // Found by fuzzing: a time past the Date range was a 500 when the
      // answer rendered it.
      name: 'a time past the largest date',
      query: { service: 'a', to: '8640000000000001' },
      message:
        'Invalid query: to: must be at most 8640000000000000 (the largest date)',
    },
    {
      name: 'an unknown field, on the query itself',
      query: { service: 'a', bogus: '1' },
      message: "Invalid query: query: Unrecognized key(s) in object: 'bogus'",
    },
    {
      name: 'every issue at once',
      query: { to: 'soon', step: '0s' },
      message:
        'Invalid query: to: must be an ISO 8601 time or Unix milliseconds; service: Required; step: must be a positive duration such as 30s, 5m, 1h or 7d',
    },
  ])('names the field and the rule for $name', ({ query, message }) => {
    expect(asInputError(thrownBy(() => parseQuery(schema, query)))).toEqual({
      isInputError: true,
      message,
    });
  });
});

describe('duration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 5 * MINUTE],
    ['1h', HOUR],
    ['7d', 7 * DAY],
    ['250', 250],
    ['90s', 90_000],
  ])('parses %s as %d ms', (text, ms) => {
    expect(duration.parse(text)).toBe(ms);
  });

  it.each(['', '0', '0s', '-5m', '1.5h', '5 m', '5M', '1w', 'h', ' 5m', '5m '])(
    'rejects %p',
    text => {
      const result = duration.safeParse(text);
      expect(result.success).toBe(false);
      expect(result.error?.issues.map(i => i.message)).toEqual([
        'must be a positive duration such as 30s, 5m, 1h or 7d',
      ]);
    },
  );
});

describe('resolveRange', () => {
  const resolve = (options: { from?: number; to?: number; stepMs?: number }) =>
    resolveRange({ ...options, nowMs: NOW, retention: RETENTION });

  it.each([
    {
      name: 'defaults to the last hour at minute resolution',
      query: {},
      expected: {
        fromMs: floorTo(NOW - HOUR, MINUTE),
        toMs: ceilTo(NOW, MINUTE),
        resolution: 'm',
      },
    },
    {
      name: 'defaults `from` to an hour before `to`',
      query: { to: NOW - DAY },
      expected: {
        fromMs: floorTo(NOW - DAY - HOUR, MINUTE),
        toMs: ceilTo(NOW - DAY, MINUTE),
        resolution: 'm',
      },
    },
    {
      name: 'defaults `to` to now',
      query: { from: NOW - 3 * HOUR },
      expected: {
        fromMs: floorTo(NOW - 3 * HOUR, MINUTE),
        toMs: ceilTo(NOW, MINUTE),
        resolution: 'm',
      },
    },
    {
      name: 'keeps minutes at the start of minute retention',
      query: { from: NOW - 2 * DAY, to: NOW },
      expected: {
        fromMs: floorTo(NOW - 2 * DAY, MINUTE),
        toMs: ceilTo(NOW, MINUTE),
        resolution: 'm',
      },
    },
    {
      name: 'keeps minutes within one bucket before minute retention',
      query: { from: NOW - 2 * DAY - MINUTE, to: NOW },
      expected: {
        fromMs: floorTo(NOW - 2 * DAY - MINUTE, MINUTE),
        toMs: ceilTo(NOW, MINUTE),
        resolution: 'm',
      },
    },
    {
      name: 'uses hours beyond minute retention',
      query: { from: NOW - 2 * DAY - MINUTE - 1, to: NOW },
      expected: {
        fromMs: floorTo(NOW - 2 * DAY - MINUTE - 1, HOUR),
        toMs: ceilTo(NOW, HOUR),
        resolution: 'h',
      },
    },
    {
      name: 'uses hours twenty days back',
      query: { from: NOW - 20 * DAY, to: NOW - 19 * DAY },
      expected: {
        fromMs: floorTo(NOW - 20 * DAY, HOUR),
        toMs: ceilTo(NOW - 19 * DAY, HOUR),
        resolution: 'h',
      },
    },
    {
      name: 'uses days beyond hour retention',
      query: { from: NOW - 36 * DAY, to: NOW },
      expected: {
        fromMs: floorTo(NOW - 36 * DAY, DAY),
        toMs: ceilTo(NOW, DAY),
        resolution: 'd',
      },
    },
    {
      name: 'uses days beyond all retention',
      query: { from: NOW - 500 * DAY, to: NOW - 450 * DAY },
      expected: {
        fromMs: floorTo(NOW - 500 * DAY, DAY),
        toMs: ceilTo(NOW - 450 * DAY, DAY),
        resolution: 'd',
      },
    },
    {
      name: 'leaves aligned bounds alone',
      query: { from: floorTo(NOW, HOUR), to: floorTo(NOW, HOUR) + 5 * MINUTE },
      expected: {
        fromMs: floorTo(NOW, HOUR),
        toMs: floorTo(NOW, HOUR) + 5 * MINUTE,
        resolution: 'm',
      },
    },
    {
      name: 'widens a sub-minute range to its whole bucket',
      query: { from: floorTo(NOW, MINUTE) + 1, to: floorTo(NOW, MINUTE) + 2 },
      expected: {
        fromMs: floorTo(NOW, MINUTE),
        toMs: floorTo(NOW, MINUTE) + MINUTE,
        resolution: 'm',
      },
    },
    {
      name: 'accepts a step that is a multiple of minutes',
      query: { from: NOW - DAY, to: NOW, stepMs: 5 * MINUTE },
      expected: {
        fromMs: floorTo(NOW - DAY, MINUTE),
        toMs: ceilTo(NOW, MINUTE),
        resolution: 'm',
      },
    },
    {
      name: 'accepts a step that is a multiple of hours',
      query: { from: NOW - 20 * DAY, to: NOW, stepMs: 6 * HOUR },
      expected: {
        fromMs: floorTo(NOW - 20 * DAY, HOUR),
        toMs: ceilTo(NOW, HOUR),
        resolution: 'h',
      },
    },
    {
      name: 'accepts exactly 10000 points',
      query: {
        from: floorTo(NOW, MINUTE) - DAY,
        to: floorTo(NOW, MINUTE) - DAY + 10_000 * MINUTE,
        stepMs: MINUTE,
      },
      expected: {
        fromMs: floorTo(NOW, MINUTE) - DAY,
        toMs: floorTo(NOW, MINUTE) - DAY + 10_000 * MINUTE,
        resolution: 'm',
      },
    },
  ])('$name', ({ query, expected }) => {
    expect(resolve(query)).toEqual(expected);
  });

  it.each([
    {
      name: 'from equal to to',
      query: { from: NOW - HOUR, to: NOW - HOUR },
      message: 'Invalid query: from: must be before to',
    },
    {
      name: 'from after to',
      query: { from: NOW, to: NOW - HOUR },
      message: 'Invalid query: from: must be before to',
    },
    {
      name: 'a step that is not a multiple of minutes',
      query: { from: NOW - DAY, to: NOW, stepMs: 90_000 },
      message:
        'Invalid query: step: must be a multiple of 60000 ms at this range',
    },
    {
      name: 'a step that is not a multiple of hours',
      query: { from: NOW - 20 * DAY, to: NOW, stepMs: 30 * MINUTE },
      message:
        'Invalid query: step: must be a multiple of 3600000 ms at this range',
    },
    {
      name: 'a step that is not a multiple of days',
      query: { from: NOW - 100 * DAY, to: NOW, stepMs: 12 * HOUR },
      message:
        'Invalid query: step: must be a multiple of 86400000 ms at this range',
    },
    {
      name: 'more than 10000 points',
      query: {
        from: floorTo(NOW, MINUTE) - DAY,
        to: floorTo(NOW, MINUTE) - DAY + 10_001 * MINUTE,
        stepMs: MINUTE,
      },
      message: 'Invalid query: step: at most 10000 points per answer',
    },
  ])('rejects $name', ({ query, message }) => {
    expect(asInputError(thrownBy(() => resolve(query)))).toEqual({
      isInputError: true,
      message,
    });
  });
});
