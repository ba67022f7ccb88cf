import {
  EscalationState,
  escalationTargetsAt,
  minutesSince,
} from './escalation';
import { EscalationPolicy } from './schema';
import { at, sreOnCallParsed } from './testUtils';

const { rotations, escalationPolicy } = sreOnCallParsed();

// Wednesday 2026-03-25: week 11 of primary (noah); 12:00 UTC is 08:00 in
// New York, before secondary's 10:00 handoff (noah), 15:00 UTC after it
// (fatima).
const NOON = '2026-03-25T12:00:00Z';
const AFTERNOON = '2026-03-25T15:00:00Z';

const noah = 'user:default/noah-lindqvist';
const fatima = 'user:default/fatima-haddad';
const platform = { type: 'group', ref: 'group:default/platform' } as const;

function state(
  step: number | undefined,
  loop: number,
  targets: EscalationState['targets'],
  nextStepInMinutes: number | undefined,
  unstaffedRotations: string[] = [],
): EscalationState {
  return {
    ...(step !== undefined && { step }),
    loop,
    targets,
    unstaffedRotations,
    nextStepInMinutes,
  };
}

const withPolicy = (edit: Partial<EscalationPolicy>): EscalationPolicy => ({
  ...escalationPolicy,
  ...edit,
});

describe('escalationTargetsAt', () => {
  it.each<[string, EscalationPolicy, string, number, EscalationState]>([
    [
      'before the alert',
      escalationPolicy,
      NOON,
      -1,
      state(undefined, 0, [], 1),
    ],
    [
      'at once: primary',
      escalationPolicy,
      NOON,
      0,
      state(0, 0, [{ type: 'user', ref: noah, rotation: 'primary' }], 15),
    ],
    [
      'just before the second step',
      escalationPolicy,
      NOON,
      14.5,
      state(0, 0, [{ type: 'user', ref: noah, rotation: 'primary' }], 0.5),
    ],
    [
      'second step, the lead is also on secondary: paged once',
      escalationPolicy,
      NOON,
      15,
      state(1, 0, [{ type: 'user', ref: noah, rotation: 'secondary' }], 15),
    ],
    [
      'second step after the secondary handoff',
      escalationPolicy,
      AFTERNOON,
      15,
      state(
        1,
        0,
        [
          { type: 'user', ref: fatima, rotation: 'secondary' },
          { type: 'user', ref: noah },
        ],
        15,
      ),
    ],
    [
      'third step: the platform team',
      escalationPolicy,
      NOON,
      30,
      state(2, 0, [platform], 20),
    ],
    [
      'the repeat starts 20 minutes after the last step',
      escalationPolicy,
      NOON,
      50,
      state(0, 1, [{ type: 'user', ref: noah, rotation: 'primary' }], 15),
    ],
    [
      'the last step of the last pass stays in force',
      escalationPolicy,
      NOON,
      1000,
      state(2, 1, [platform], undefined),
    ],
    [
      'no repeat',
      withPolicy({ repeat: undefined }),
      NOON,
      45,
      state(2, 0, [platform], undefined),
    ],
    [
      'repeat without an interval: 30 minutes',
      withPolicy({ repeatAfterMinutes: undefined }),
      NOON,
      59,
      state(2, 0, [platform], 1),
    ],
    [
      'a first step that waits',
      withPolicy({
        steps: [{ afterMinutes: 5, targets: [platform] }],
        repeat: 0,
      }),
      NOON,
      3,
      state(undefined, 0, [], 2),
    ],
    [
      'a rotation that has not started: reported, not silently empty',
      escalationPolicy,
      '2026-01-01T00:00:00Z',
      0,
      state(0, 0, [], 15, ['primary']),
    ],
  ])('%s', (_, policy, atIso, minutesSinceAlert, expected) => {
    expect(
      escalationTargetsAt({
        policy,
        rotations,
        atMs: at(atIso),
        minutesSinceAlert,
      }),
    ).toEqual(expected);
  });
});

describe('minutesSince', () => {
  it.each<[string, string, string, number]>([
    ['ten minutes', '2026-03-25T12:00:00Z', '2026-03-25T12:10:00Z', 10],
    ['ninety seconds', '2026-03-25T12:00:00Z', '2026-03-25T12:01:30Z', 1.5],
    [
      'an alert from the future',
      '2026-03-25T12:05:00Z',
      '2026-03-25T12:00:00Z',
      0,
    ],
  ])('%s', (_, alertAt, now, minutes) => {
    expect(minutesSince({ alertAtMs: at(alertAt), nowMs: at(now) })).toBe(
      minutes,
    );
  });
});
