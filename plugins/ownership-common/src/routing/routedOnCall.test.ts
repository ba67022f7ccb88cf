import { OnCallStatus, ScheduleOnCall } from '../oncall/apiTypes';
import { onCallValidUntilMs, routedOnCall } from './routedOnCall';

const ana = { name: 'ana', userRef: 'user:default/ana' };
const hana = { name: 'Hana Sato', email: 'hana@example.com', id: 'PU1' };
const lena = { name: 'Lena Fischer', id: 'PU3' };

/** Ana until 100, then Hana. */
const primary: ScheduleOnCall = {
  schedule: 'primary',
  current: [ana],
  currentUntilMs: 100,
  next: [hana],
  nextFromMs: 100,
};

const status = (...schedules: ScheduleOnCall[]): OnCallStatus => ({
  groupRef: 'group:default/search',
  provider: 'pagerduty',
  atMs: 0,
  schedules,
});

describe('routedOnCall', () => {
  it.each<[string, OnCallStatus, number, ReturnType<typeof routedOnCall>]>([
    [
      'the current shift, named by User ref',
      status(primary),
      50,
      {
        provider: 'pagerduty',
        rotation: 'primary',
        current: 'user:default/ana',
        next: 'hana@example.com',
        nextAtMs: 100,
      },
    ],
    [
      'a person without User ref or email by the provider name',
      status({ schedule: 'primary', current: [lena], next: [] }),
      50,
      {
        provider: 'pagerduty',
        rotation: 'primary',
        current: 'Lena Fischer',
        next: undefined,
        nextAtMs: undefined,
      },
    ],
    [
      'the shift ended since the answer: the next shift holds',
      status(primary),
      100,
      {
        provider: 'pagerduty',
        rotation: 'primary',
        current: 'hana@example.com',
        next: undefined,
        nextAtMs: undefined,
      },
    ],
    [
      'a gap between the shifts: the next schedule with someone on call',
      status(
        { ...primary, nextFromMs: 200 },
        { schedule: 'secondary', current: [lena], next: [] },
      ),
      150,
      {
        provider: 'pagerduty',
        rotation: 'secondary',
        current: 'Lena Fischer',
        next: undefined,
        nextAtMs: undefined,
      },
    ],
    [
      'nobody on call',
      status({ schedule: 'primary', current: [], next: [] }),
      0,
      undefined,
    ],
    ['no schedules', status(), 0, undefined],
  ])('%s', (_, input, atMs, expected) => {
    expect(routedOnCall(input, atMs)).toEqual(expected);
  });
});

describe('onCallValidUntilMs', () => {
  it.each<[string, OnCallStatus, number]>([
    [
      'no shift end reported',
      status({ schedule: 'a', current: [], next: [] }),
      Infinity,
    ],
    [
      'the earliest shift end',
      status(
        { schedule: 'a', current: [ana], currentUntilMs: 300, next: [] },
        { schedule: 'b', current: [hana], currentUntilMs: 200, next: [] },
      ),
      200,
    ],
  ])('%s', (_, input, expected) => {
    expect(onCallValidUntilMs(input)).toBe(expected);
  });
});
