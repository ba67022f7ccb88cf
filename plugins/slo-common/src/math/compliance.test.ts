import {
  ComplianceVerdict,
  complianceVerdict,
  consecutiveMissed,
  escalationLevel,
  isMajorIncident,
} from './compliance';

describe('complianceVerdict', () => {
  it.each<[number, number, number, ComplianceVerdict]>([
    [1000, 1000, 0.999, 'met'],
    [999, 1000, 0.999, 'met'],
    [998, 1000, 0.999, 'missed'],
    [999, 999, 0.999, 'too-few-events'],
    [0, 0, 0.999, 'too-few-events'],
    [99_990, 100_000, 0.9999, 'met'],
    [99_989, 100_000, 0.9999, 'missed'],
  ])('%d good of %d against %s', (good, total, objective, verdict) => {
    expect(complianceVerdict({ good, total, objective })).toBe(verdict);
  });
});

describe('consecutiveMissed', () => {
  it.each<[ComplianceVerdict[], number]>([
    [[], 0],
    [['met', 'missed', 'missed'], 0],
    [['missed', 'met', 'missed'], 1],
    [['missed', 'missed', 'missed', 'missed'], 4],
    [['missed', 'too-few-events', 'missed', 'met'], 2],
    [['too-few-events', 'missed'], 1],
    [['too-few-events', 'too-few-events'], 0],
  ])('%j', (verdicts, expected) => {
    expect(consecutiveMissed(verdicts)).toBe(expected);
  });
});

describe('escalationLevel', () => {
  it.each<[number, boolean, string, boolean]>([
    [0, false, 'none', false],
    [1, false, 'team-retro', false],
    [2, false, 'sre-leadership', false],
    [3, false, 'executive-decision', false],
    [7, false, 'executive-decision', false],
    [0, true, 'none', true],
    [2, true, 'sre-leadership', true],
  ])(
    '%d missed, major incident %s',
    (missed, majorIncident, level, crossTeamPostmortem) => {
      expect(
        escalationLevel({ consecutiveMissed: missed, majorIncident }),
      ).toEqual({
        level,
        crossTeamPostmortem,
      });
    },
  );
});

describe('isMajorIncident', () => {
  it.each<[number, number, number | undefined, boolean]>([
    [21, 100, undefined, true],
    [20, 100, undefined, false],
    [19, 100, undefined, false],
    [51, 100, 0.5, true],
    [50, 100, 0.5, false],
    [0, 0, undefined, false],
  ])(
    '%d of %d allowed bad events, threshold %s',
    (incidentBad, allowedBad, threshold, expected) => {
      expect(isMajorIncident({ incidentBad, allowedBad, threshold })).toBe(
        expected,
      );
    },
  );
});
