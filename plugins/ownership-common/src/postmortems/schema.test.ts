import { ValidationIssue } from '@steward/plugin-slo-common';
import { validatePostmortem } from './schema';
import { Doc, paymentOutage } from './testUtils';

function broken(edit: (doc: Doc) => void): Doc {
  const doc = paymentOutage();
  edit(doc);
  return doc;
}

describe('validatePostmortem', () => {
  it('accepts the payment outage and writes refs in full', () => {
    const result = validatePostmortem(paymentOutage());
    expect(result).toEqual({
      ok: true,
      value: {
        ...paymentOutage(),
        contributingServices: [
          'component:default/payment',
          'component:default/checkout',
        ],
        actionItems: [
          {
            ...paymentOutage().actionItems[0],
            owner: 'user:default/mei-lin-chen',
          },
        ],
        sloRefs: ['slo:default/checkout-availability'],
      },
    });
  });

  it.each<[string, (doc: Doc) => void]>([
    [
      'no optional fields',
      d => {
        for (const key of [
          'budgetConsumed',
          'alertIds',
          'detectedAt',
          'acknowledgedAt',
          'resolvedAt',
          'causes',
        ]) {
          delete d[key];
        }
      },
    ],
    [
      'no action items, SLOs or links yet',
      d => {
        d.actionItems = [];
        d.sloRefs = [];
        d.firstSymptom.links = [];
      },
    ],
    [
      'two timeline entries at the same minute',
      d => (d.timeline[1].at = d.timeline[0].at),
    ],
    ['more than the whole budget', d => (d.budgetConsumed = 2.5)],
  ])('accepts %s', (_, edit) => {
    expect(validatePostmortem(broken(edit))).toMatchObject({ ok: true });
  });

  it.each<[string, (doc: Doc) => void, ValidationIssue[]]>([
    [
      'a severity of its own',
      d => (d.severity = 'sev1'),
      [
        {
          path: 'severity',
          message:
            'must be one of no-visible-impact, features-broken, unavailable-or-data-lost',
        },
      ],
    ],
    [
      'users impacted as a number',
      d => (d.usersImpacted = 1200),
      [{ path: 'usersImpacted', message: 'must be one of none, few, many' }],
    ],
    [
      'a timeline out of order',
      d => (d.timeline[2].at = '2026-03-25T14:01:00Z'),
      [
        {
          path: 'timeline[2].at',
          message:
            'must not be earlier than timeline[1].at (2026-03-25T14:03:00Z): the timeline is in time order',
        },
      ],
    ],
    [
      'a timeline entry without an offset',
      d => (d.timeline[0].at = '2026-03-25 14:00'),
      [
        {
          path: 'timeline[0].at',
          message:
            'must be an ISO 8601 date-time with an offset, like 2026-03-25T14:05:00Z',
        },
      ],
    ],
    [
      'an empty timeline',
      d => (d.timeline = []),
      [{ path: 'timeline', message: 'must have at least one entry' }],
    ],
    [
      'a first-symptom link that is not a URL',
      d => (d.firstSymptom.links = ['grafana checkout board']),
      [{ path: 'firstSymptom.links[0]', message: 'must be an http(s) URL' }],
    ],
    [
      'no first symptom description',
      d => (d.firstSymptom.description = '  '),
      [{ path: 'firstSymptom.description', message: 'must not be empty' }],
    ],
    [
      'no contributing services',
      d => (d.contributingServices = []),
      [
        {
          path: 'contributingServices',
          message: 'must name at least one service',
        },
      ],
    ],
    [
      'a contributing service that is a group',
      d => (d.contributingServices[1] = 'group:checkout-team'),
      [
        {
          path: 'contributingServices[1]',
          message:
            'must be a component name or ref, like checkout or component:default/checkout',
        },
      ],
    ],
    [
      'a cause in prose',
      d => (d.causes = ['The certificate expired']),
      [
        {
          path: 'causes[0]',
          message:
            'must be a lowercase tag with hyphens, like expired-certificate',
        },
      ],
    ],
    [
      'an action item owned by nobody, due someday, status todo',
      d => {
        d.actionItems[0].owner = '';
        d.actionItems[0].due = 'Q2';
        d.actionItems[0].status = 'todo';
      },
      [
        {
          path: 'actionItems[0].owner',
          message:
            'must be a user name or ref, like priya-raman or user:default/priya-raman',
        },
        {
          path: 'actionItems[0].due',
          message: 'must be a date written YYYY-MM-DD',
        },
        {
          path: 'actionItems[0].status',
          message: 'must be one of open, in-progress, done',
        },
      ],
    ],
    [
      'negative budget',
      d => (d.budgetConsumed = -0.1),
      [{ path: 'budgetConsumed', message: 'must be 0 or more' }],
    ],
    [
      'resolved before acknowledged',
      d => (d.resolvedAt = '2026-03-25T14:05:00Z'),
      [
        {
          path: 'resolvedAt',
          message: 'must not be earlier than acknowledgedAt',
        },
      ],
    ],
    [
      'acknowledged before detected',
      d => (d.acknowledgedAt = '2026-03-25T14:02:00Z'),
      [
        {
          path: 'acknowledgedAt',
          message: 'must not be earlier than detectedAt',
        },
      ],
    ],
    [
      'an unknown field and a missing title',
      d => {
        delete d.title;
        d.rootCause = 'cert';
      },
      [
        { path: 'title', message: 'is required' },
        { path: 'rootCause', message: 'is not a known field' },
      ],
    ],
  ])('rejects %s', (_, edit, issues) => {
    expect(validatePostmortem(broken(edit))).toEqual({ ok: false, issues });
  });
});
