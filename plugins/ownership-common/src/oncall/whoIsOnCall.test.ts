import { HOUR_MS } from '../shared/time';
import { Rotation } from './schema';
import { at, rotation } from './testUtils';
import { OnCallShift, whoIsOnCall } from './whoIsOnCall';

/** A shift written as [user letter, from ISO, to ISO]. */
type Row = [string, string, string];

const shift = ([user, from, to]: Row): OnCallShift => ({
  user: `user:default/${user}`,
  fromMs: at(from),
  toMs: at(to),
});

const london = rotation();
const newYorkWeekly = rotation({
  timeZone: 'America/New_York',
  start: '2026-03-02',
  handoff: { weekday: 'monday', time: '10:00' },
  members: ['user:default/a', 'user:default/b'],
});
const newYorkDaily = (time: string, start: string) =>
  rotation({
    timeZone: 'America/New_York',
    start,
    handoff: { time },
    length: '1d',
  });
const sydneyDaily = rotation({
  timeZone: 'Australia/Sydney',
  start: '2026-04-03',
  handoff: { time: '09:00' },
  length: '1d',
});

describe('whoIsOnCall', () => {
  it.each<[string, Rotation, string, Row | undefined, Row]>([
    // EU: clocks go forward on Sunday 2026-03-29, back on Sunday 2026-10-25.
    [
      'London, the week into summer time is 167 hours',
      london,
      '2026-03-25T12:00:00Z',
      ['b', '2026-03-23T09:00:00Z', '2026-03-30T08:00:00Z'],
      ['c', '2026-03-30T08:00:00Z', '2026-04-06T08:00:00Z'],
    ],
    [
      'London, 09:00 BST is 08:00 UTC: handed off already at 08:30 UTC',
      london,
      '2026-03-30T08:30:00Z',
      ['c', '2026-03-30T08:00:00Z', '2026-04-06T08:00:00Z'],
      ['a', '2026-04-06T08:00:00Z', '2026-04-13T08:00:00Z'],
    ],
    [
      'London, a millisecond before the summer handoff',
      london,
      '2026-03-30T07:59:59.999Z',
      ['b', '2026-03-23T09:00:00Z', '2026-03-30T08:00:00Z'],
      ['c', '2026-03-30T08:00:00Z', '2026-04-06T08:00:00Z'],
    ],
    [
      'London, the week back to winter time is 169 hours',
      rotation({ start: '2026-10-12' }),
      '2026-10-20T12:00:00Z',
      ['b', '2026-10-19T08:00:00Z', '2026-10-26T09:00:00Z'],
      ['c', '2026-10-26T09:00:00Z', '2026-11-02T09:00:00Z'],
    ],
    [
      'London, 09:00 GMT is 09:00 UTC: not yet handed off at 08:30 UTC',
      rotation({ start: '2026-10-12' }),
      '2026-10-26T08:30:00Z',
      ['b', '2026-10-19T08:00:00Z', '2026-10-26T09:00:00Z'],
      ['c', '2026-10-26T09:00:00Z', '2026-11-02T09:00:00Z'],
    ],
    // US: clocks go forward on Sunday 2026-03-08, back on Sunday 2026-11-01.
    [
      'New York, 10:00 EDT is 14:00 UTC after the spring change',
      newYorkWeekly,
      '2026-03-09T14:30:00Z',
      ['b', '2026-03-09T14:00:00Z', '2026-03-16T14:00:00Z'],
      ['a', '2026-03-16T14:00:00Z', '2026-03-23T14:00:00Z'],
    ],
    [
      'New York, 10:00 EST was 15:00 UTC before it',
      newYorkWeekly,
      '2026-03-09T13:59:00Z',
      ['a', '2026-03-02T15:00:00Z', '2026-03-09T14:00:00Z'],
      ['b', '2026-03-09T14:00:00Z', '2026-03-16T14:00:00Z'],
    ],
    [
      'New York, the week over the autumn change is 169 hours',
      rotation({ ...newYorkWeekly, start: '2026-10-26' }),
      '2026-11-01T12:00:00Z',
      ['a', '2026-10-26T14:00:00Z', '2026-11-02T15:00:00Z'],
      ['b', '2026-11-02T15:00:00Z', '2026-11-09T15:00:00Z'],
    ],
    [
      'New York, a 02:30 handoff in the skipped hour happens at 03:00 EDT',
      newYorkDaily('02:30', '2026-03-06'),
      '2026-03-08T07:00:00Z',
      ['c', '2026-03-08T07:00:00Z', '2026-03-09T06:30:00Z'],
      ['a', '2026-03-09T06:30:00Z', '2026-03-10T06:30:00Z'],
    ],
    [
      'New York, a 01:30 handoff in the repeated hour happens at the first 01:30',
      newYorkDaily('01:30', '2026-10-31'),
      '2026-11-01T06:00:00Z',
      ['b', '2026-11-01T05:30:00Z', '2026-11-02T06:30:00Z'],
      ['c', '2026-11-02T06:30:00Z', '2026-11-03T06:30:00Z'],
    ],
    // Sydney: clocks go back from 03:00 AEDT to 02:00 AEST on Sunday 2026-04-05.
    [
      'Sydney, the day over the April change is 25 hours',
      sydneyDaily,
      '2026-04-04T12:00:00Z',
      ['b', '2026-04-03T22:00:00Z', '2026-04-04T23:00:00Z'],
      ['c', '2026-04-04T23:00:00Z', '2026-04-05T23:00:00Z'],
    ],
    [
      'Sydney, 09:00 AEST is 23:00 UTC: not yet handed off at 22:30 UTC',
      sydneyDaily,
      '2026-04-04T22:30:00Z',
      ['b', '2026-04-03T22:00:00Z', '2026-04-04T23:00:00Z'],
      ['c', '2026-04-04T23:00:00Z', '2026-04-05T23:00:00Z'],
    ],
    [
      'Sydney, the day before the change is 24 hours',
      sydneyDaily,
      '2026-04-02T22:00:00Z',
      ['a', '2026-04-02T22:00:00Z', '2026-04-03T22:00:00Z'],
      ['b', '2026-04-03T22:00:00Z', '2026-04-04T23:00:00Z'],
    ],
    [
      'exactly at a handoff, the next person is on call',
      london,
      '2026-03-23T09:00:00Z',
      ['b', '2026-03-23T09:00:00Z', '2026-03-30T08:00:00Z'],
      ['c', '2026-03-30T08:00:00Z', '2026-04-06T08:00:00Z'],
    ],
    [
      'one member: every shift is theirs',
      rotation({ members: ['user:default/a'] }),
      '2026-04-01T00:00:00Z',
      ['a', '2026-03-30T08:00:00Z', '2026-04-06T08:00:00Z'],
      ['a', '2026-04-06T08:00:00Z', '2026-04-13T08:00:00Z'],
    ],
    [
      'a start on a Wednesday: the first handoff is the Monday after',
      rotation({ start: '2026-03-18' }),
      '2026-03-24T00:00:00Z',
      ['a', '2026-03-23T09:00:00Z', '2026-03-30T08:00:00Z'],
      ['b', '2026-03-30T08:00:00Z', '2026-04-06T08:00:00Z'],
    ],
    [
      "no weekday: handoffs on the start date's weekday",
      rotation({ start: '2026-03-18', handoff: { time: '09:00' } }),
      '2026-03-24T00:00:00Z',
      ['a', '2026-03-18T09:00:00Z', '2026-03-25T09:00:00Z'],
      ['b', '2026-03-25T09:00:00Z', '2026-04-01T08:00:00Z'],
    ],
    [
      'two-week shifts',
      rotation({ length: '2w' }),
      '2026-04-01T00:00:00Z',
      ['b', '2026-03-30T08:00:00Z', '2026-04-13T08:00:00Z'],
      ['c', '2026-04-13T08:00:00Z', '2026-04-27T08:00:00Z'],
    ],
    [
      'years later: shift 198, member 198 mod 3',
      london,
      '2030-01-01T00:00:00Z',
      ['a', '2029-12-31T09:00:00Z', '2030-01-07T09:00:00Z'],
      ['b', '2030-01-07T09:00:00Z', '2030-01-14T09:00:00Z'],
    ],
    [
      'before the first handoff: nobody yet',
      london,
      '2026-03-16T08:59:00Z',
      undefined,
      ['a', '2026-03-16T09:00:00Z', '2026-03-23T09:00:00Z'],
    ],
  ])('%s', (_, schedule, atIso, current, next) => {
    expect(whoIsOnCall({ rotation: schedule, atMs: at(atIso) })).toEqual({
      ...(current && { current: shift(current) }),
      next: shift(next),
    });
  });

  // Every few hours through 2026 in zones with full-hour, half-hour and
  // southern-hemisphere changes: shifts contain the instant, chain without
  // gaps, and are a whole number of local days long, give or take the change.
  it.each<[string, Rotation, number[]]>([
    ['weekly in London', london, [167, 168, 169]],
    ['weekly in New York', newYorkWeekly, [167, 168, 169]],
    ['daily in Sydney', sydneyDaily, [23, 24, 25]],
    [
      // 02:15 falls in October's skipped half hour (02:00 → 02:30): that
      // handoff happens at 02:30, so the shifts either side are 23.75 hours.
      'daily on Lord Howe Island, whose clocks move by 30 minutes',
      rotation({
        timeZone: 'Australia/Lord_Howe',
        start: '2026-01-01',
        handoff: { time: '02:15' },
        length: '1d',
      }),
      [23.75, 24, 24.5],
    ],
  ])('holds together all through 2026: %s', (_, schedule, hours) => {
    const first = whoIsOnCall({ rotation: schedule, atMs: 0 }).next.fromMs;
    for (let t = first; t < at('2027-01-01T00:00:00Z'); t += 11 * HOUR_MS) {
      const { current, next } = whoIsOnCall({ rotation: schedule, atMs: t });
      expect(current!.fromMs).toBeLessThanOrEqual(t);
      expect(current!.toMs).toBeGreaterThan(t);
      expect(next.fromMs).toBe(current!.toMs);
      expect(hours).toContain((current!.toMs - current!.fromMs) / HOUR_MS);
    }
  });
});
