import { parseDocsPolicyConfig } from './docsPolicyConfig';

describe('parseDocsPolicyConfig', () => {
  it.each([
    [
      'defaults',
      undefined,
      {
        ok: true,
        value: {
          requiredLinks: ['runbook', 'dashboard', 'alerts', 'playbook'],
          maxReviewAgeDays: 90,
        },
      },
    ],
    [
      'custom, other backend keys ignored',
      { requiredLinks: ['runbook'], maxReviewAgeDays: 30, auditFrequency: 5 },
      { ok: true, value: { requiredLinks: ['runbook'], maxReviewAgeDays: 30 } },
    ],
    [
      'a review age of zero',
      { maxReviewAgeDays: 0 },
      {
        ok: false,
        issues: [
          {
            path: 'ownership.docs.maxReviewAgeDays',
            message: 'must be at least 1',
          },
        ],
      },
    ],
    [
      'an empty link type',
      { requiredLinks: ['runbook', ' '] },
      {
        ok: false,
        issues: [
          {
            path: 'ownership.docs.requiredLinks[1]',
            message: 'must not be empty',
          },
        ],
      },
    ],
  ])('%s', (_, value, expected) => {
    expect(parseDocsPolicyConfig(value)).toEqual(expected);
  });
});
