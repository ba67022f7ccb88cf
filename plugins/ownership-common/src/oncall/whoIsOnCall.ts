import { DAY_MS } from '../shared/time';
import { ROTATION_LENGTH_DAYS, Rotation, WEEKDAYS } from './schema';
import { addDays, dayOfWeek, wallClockAt, wallClockToUtc } from './zonedTime';

/**
 * One shift: who holds the pager from `fromMs` (inclusive) to `toMs`
 * (exclusive), in Unix ms.
 *
 * @public
 */
export type OnCallShift = { user: string; fromMs: number; toMs: number };

/** @public */
export type OnCallNow = {
  /** Undefined before the rotation's first handoff. */
  current?: OnCallShift;
  next: OnCallShift;
};

/** The shape whoIsOnCall needs, so callers can pass a validated Rotation. */
type Schedule = Pick<
  Rotation,
  'timeZone' | 'start' | 'handoff' | 'length' | 'members'
>;

/**
 * A rotation's shifts as a function of their index: shift k starts at the
 * handoff time on the local date k shift-lengths after the first handoff.
 * Counting local dates, not milliseconds, is what makes a week that
 * contains a daylight-saving change 167 or 169 hours long.
 */
function shiftClock(rotation: Schedule) {
  const [year, month, day] = rotation.start.split('-').map(Number);
  const [hour, minute] = rotation.handoff.time.split(':').map(Number);
  const start = { year, month, day };
  const weekday = rotation.handoff.weekday;
  // The first handoff is the first handoff weekday on or after the start
  // date; without a weekday, the start date itself.
  const skip =
    weekday === undefined
      ? 0
      : (WEEKDAYS.indexOf(weekday) - dayOfWeek(start) + 7) % 7;
  const epoch = addDays(start, skip);
  const lengthDays = ROTATION_LENGTH_DAYS[rotation.length];
  // Each conversion formats several instants; a lookup asks for the same
  // few shifts more than once.
  const starts = new Map<number, number>();
  return {
    lengthDays,
    epochWallMs: Date.UTC(epoch.year, epoch.month - 1, epoch.day, hour, minute),
    startMs: (k: number): number => {
      let ms = starts.get(k);
      if (ms === undefined) {
        ms = wallClockToUtc(
          { ...addDays(epoch, k * lengthDays), hour, minute },
          rotation.timeZone,
        );
        starts.set(k, ms);
      }
      return ms;
    },
  };
}

/**
 * Who is on call in a rotation at an instant, and who takes over at the
 * next handoff. Handoffs happen at the wall-clock time in the rotation's
 * time zone (09:00 Europe/London is 08:00 UTC in summer, 09:00 UTC in
 * winter); at the handoff instant the next person is on call. Members take
 * shifts in the order listed, starting with the first at the first handoff
 * at or after `start`. Consecutive shifts of the same person (a one-member
 * rotation) stay separate shifts: `current.toMs` is always the next handoff.
 *
 * @public
 */
export function whoIsOnCall(options: {
  rotation: Schedule;
  atMs: number;
}): OnCallNow {
  const { rotation, atMs } = options;
  const clock = shiftClock(rotation);
  const shift = (k: number): OnCallShift => ({
    user: rotation.members[k % rotation.members.length],
    fromMs: clock.startMs(k),
    toMs: clock.startMs(k + 1),
  });

  if (atMs < clock.startMs(0)) {
    return { next: shift(0) };
  }
  // Estimate the shift from the local wall clock, which is off by at most
  // the daylight-saving shift near a handoff; then step to the exact one.
  const wall = wallClockAt(atMs, rotation.timeZone);
  const wallMs = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
  );
  let k = Math.max(
    0,
    Math.floor((wallMs - clock.epochWallMs) / (clock.lengthDays * DAY_MS)),
  );
  while (k > 0 && clock.startMs(k) > atMs) {
    k -= 1;
  }
  while (clock.startMs(k + 1) <= atMs) {
    k += 1;
  }
  return { current: shift(k), next: shift(k + 1) };
}
