import { budgetPolicyFromAnnotations } from './annotations';

const WARN = 'metadata.annotations["steward.dev/warn-at"]';
const FREEZE = 'metadata.annotations["steward.dev/freeze-at"]';
const RANGE = 'must be a number from 0 to 1, like 0.5';

describe('budgetPolicyFromAnnotations', () => {
  it.each<
    [
      string,
      Record<string, string> | undefined,
      { warnAt: number; freezeAt: number } | undefined,
      [number, number, Array<{ path: string; message: string }>],
    ]
  >([
    ['no annotations: the defaults', undefined, undefined, [0.5, 0.9, []]],
    [
      'unrelated annotations',
      { 'backstage.io/source-location': 'url:x' },
      undefined,
      [0.5, 0.9, []],
    ],
    [
      'both overridden',
      { 'steward.dev/warn-at': '0.25', 'steward.dev/freeze-at': '0.75' },
      undefined,
      [0.25, 0.75, []],
    ],
    [
      'bounds included',
      { 'steward.dev/warn-at': '0', 'steward.dev/freeze-at': '1' },
      undefined,
      [0, 1, []],
    ],
    [
      'equal thresholds',
      { 'steward.dev/warn-at': '.8', 'steward.dev/freeze-at': '0.8' },
      undefined,
      [0.8, 0.8, []],
    ],
    [
      'team defaults',
      undefined,
      { warnAt: 0.3, freezeAt: 0.6 },
      [0.3, 0.6, []],
    ],
    [
      'a percentage',
      { 'steward.dev/warn-at': '50%' },
      undefined,
      [0.5, 0.9, [{ path: WARN, message: RANGE }]],
    ],
    [
      'above 1, and empty',
      { 'steward.dev/warn-at': '1.5', 'steward.dev/freeze-at': '' },
      undefined,
      [
        0.5,
        0.9,
        [
          { path: WARN, message: RANGE },
          { path: FREEZE, message: RANGE },
        ],
      ],
    ],
    [
      'warn above freeze',
      { 'steward.dev/warn-at': '0.95' },
      undefined,
      [
        0.5,
        0.9,
        [{ path: WARN, message: 'must not be above freeze-at (0.9)' }],
      ],
    ],
    [
      'freeze below the default warn',
      { 'steward.dev/freeze-at': '0.4' },
      undefined,
      [
        0.5,
        0.9,
        [{ path: FREEZE, message: 'must not be below warn-at (0.5)' }],
      ],
    ],
  ])('%s', (_, annotations, defaults, [warnAt, freezeAt, issues]) => {
    expect(budgetPolicyFromAnnotations({ annotations, defaults })).toEqual({
      warnAt,
      freezeAt,
      issues,
    });
  });
});
