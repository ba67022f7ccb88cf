/**
 * Time as the services see it. Live, it is the wall clock and waiting takes
 * real time; in a backfill it is a per-trace virtual clock that starts in the
 * past and advances instantly, so the same service code writes spans with
 * past timestamps at full speed.
 */
export type Clock = {
  now(): number;
  wait(ms: number): Promise<void>;
  /** A clock for one branch of concurrent work, starting now. */
  fork(): Clock;
  /** Continues after concurrent branches: at the latest of their ends. */
  join(branches: Clock[]): void;
};

export const wallClock: Clock = {
  now: () => Date.now(),
  wait: ms => new Promise(resolve => setTimeout(resolve, ms)),
  fork: () => wallClock,
  join: () => {},
};

/** A virtual clock starting at `startMs`. */
export function virtualClock(startMs: number): Clock {
  let nowMs = startMs;
  const clock: Clock = {
    now: () => nowMs,
    wait: ms => {
      nowMs += ms;
      return Promise.resolve();
    },
    fork: () => virtualClock(nowMs),
    join: branches => {
      nowMs = Math.max(nowMs, ...branches.map(b => b.now()));
    },
  };
  return clock;
}
