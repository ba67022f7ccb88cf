import { MINUTE_MS } from '../shared/time';
import { incidentTimes, mtta, mttr } from './times';
import { paymentOutage } from './testUtils';

/** [start minute, end minute or undefined] pairs as Unix ms. */
type Pair = [number, number | undefined];
const ms = (minute: number | undefined) =>
  minute === undefined ? undefined : minute * MINUTE_MS;
const inMinutes = (value: number | undefined) =>
  value === undefined ? undefined : value / MINUTE_MS;

describe('mtta', () => {
  it.each<[string, Pair[], number | undefined]>([
    [
      'three acknowledged',
      [
        [0, 2],
        [60, 64],
        [120, 129],
      ],
      5,
    ],
    [
      'unacknowledged ones left out',
      [
        [0, 2],
        [60, undefined],
        [120, 124],
      ],
      3,
    ],
    [
      'acknowledged before it fired (clock skew): zero',
      [
        [10, 8],
        [20, 24],
      ],
      2,
    ],
    ['none acknowledged', [[0, undefined]], undefined],
    ['no alerts', [], undefined],
  ])('%s', (_, pairs, expected) => {
    const alerts = pairs.map(([at, ack]) => ({
      at: at * MINUTE_MS,
      acknowledgedAt: ms(ack),
    }));
    expect(inMinutes(mtta({ alerts }))).toBe(expected);
  });
});

describe('mttr', () => {
  it.each<[string, Pair[], number | undefined]>([
    [
      'two resolved',
      [
        [0, 30],
        [1000, 1090],
      ],
      60,
    ],
    [
      'an open incident left out',
      [
        [0, 30],
        [1000, undefined],
      ],
      30,
    ],
    ['nothing resolved', [[0, undefined]], undefined],
  ])('%s', (_, pairs, expected) => {
    const incidents = pairs.map(([at, resolved]) => ({
      at: at * MINUTE_MS,
      resolvedAt: ms(resolved),
    }));
    expect(inMinutes(mttr({ incidents }))).toBe(expected);
  });
});

describe('incidentTimes', () => {
  const outage = paymentOutage();

  it.each<[string, object, ReturnType<typeof incidentTimes>]>([
    [
      'detected, acknowledged and resolved',
      outage,
      {
        at: Date.parse('2026-03-25T14:03:00Z'),
        acknowledgedAt: Date.parse('2026-03-25T14:06:00Z'),
        resolvedAt: Date.parse('2026-03-25T14:58:00Z'),
      },
    ],
    [
      'no detection time: the first timeline entry',
      { timeline: outage.timeline },
      { at: Date.parse('2026-03-25T14:00:00Z') },
    ],
    ['no time at all', { timeline: [] }, undefined],
  ])('%s', (_, postmortem, expected) => {
    expect(
      incidentTimes(postmortem as Parameters<typeof incidentTimes>[0]),
    ).toEqual(expected);
  });
});
