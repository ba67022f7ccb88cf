import { Entity } from '@backstage/catalog-model';
import {
  DocsPolicy,
  DocsRule,
  auditDocs,
  docsStatus,
  reviewAgeDays,
} from './auditDocs';

const NOW = Date.parse('2026-11-20T12:00:00Z');

const groupRefs = new Set(
  ['storefront', 'checkout-team', 'fulfilment', 'platform', 'sre'].map(
    name => `group:default/${name}`,
  ),
);

const ALL_LINKS = ['runbook', 'dashboard', 'alerts', 'playbook'];

/** A Component shaped like the demo org's, with every doc in place. */
function component(name: string, edit: (entity: Entity) => void = () => {}) {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      description: `The ${name} service.`,
      annotations: {
        'steward.dev/tier': '3',
        'steward.dev/last-reviewed': '2026-10-28',
      },
      links: ALL_LINKS.map(type => ({
        url: `https://${type}s.example.com/${name}`,
        title: `${name} ${type}`,
        type,
      })),
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'fulfilment' },
  };
  edit(entity);
  return entity;
}

function withoutLinks(...types: string[]) {
  return (entity: Entity) => {
    entity.metadata.links = entity.metadata.links!.filter(
      link => !types.includes(link.type!),
    );
  };
}

function annotate(key: string, value: string | undefined) {
  return (entity: Entity) => {
    if (value === undefined) {
      delete entity.metadata.annotations![key];
    } else {
      entity.metadata.annotations![key] = value;
    }
  };
}

const reviewed = (value: string | undefined) =>
  annotate('steward.dev/last-reviewed', value);
const tier = (value: string | undefined) => annotate('steward.dev/tier', value);
const owner = (value: unknown) => (entity: Entity) => {
  entity.spec!.owner = value as string;
};

describe('auditDocs', () => {
  it.each<[string, Entity, number, Array<[DocsRule, string]>]>([
    ['a Component with everything', component('frontend'), 100, []],
    [
      'the demo ad: no runbook, no dashboard',
      component('ad', withoutLinks('runbook', 'dashboard')),
      80,
      [
        ['missing-link', 'error'],
        ['missing-link', 'error'],
      ],
    ],
    [
      'the demo email: reviewed 2025-06-01',
      component('email', reviewed('2025-06-01')),
      75,
      [['stale-review', 'warning']],
    ],
    [
      'the demo quote: no review date, no playbook',
      component('quote', e => {
        reviewed(undefined)(e);
        withoutLinks('playbook')(e);
      }),
      65,
      [
        ['missing-link', 'error'],
        ['no-review-date', 'warning'],
      ],
    ],
    [
      'reviewed exactly 90 days ago',
      component('x', reviewed('2026-08-22')),
      100,
      [],
    ],
    [
      'reviewed 91 days ago',
      component('x', reviewed('2026-08-21')),
      75,
      [['stale-review', 'warning']],
    ],
    [
      'reviewed at a date-time',
      component('x', reviewed('2026-11-01T09:30:00+01:00')),
      100,
      [],
    ],
    [
      'a review date that does not exist',
      component('x', reviewed('2026-02-30')),
      75,
      [['bad-review-date', 'error']],
    ],
    [
      'a review date in words',
      component('x', reviewed('last week')),
      75,
      [['bad-review-date', 'error']],
    ],
    [
      'a review date in the future',
      component('x', reviewed('2027-01-05')),
      75,
      [['bad-review-date', 'error']],
    ],
    [
      'an empty review annotation',
      component('x', reviewed(' ')),
      75,
      [['no-review-date', 'warning']],
    ],
    ['no owner', component('x', owner(undefined)), 80, [['no-owner', 'error']]],
    ['a blank owner', component('x', owner('')), 80, [['no-owner', 'error']]],
    [
      'an owner that is not a Group',
      component('x', owner('ghost-team')),
      80,
      [['unknown-owner', 'error']],
    ],
    [
      'a User as owner',
      component('x', owner('user:priya-raman')),
      80,
      [['unknown-owner', 'error']],
    ],
    [
      'an owner written as a full ref in another case',
      component('x', owner('Group:default/Fulfilment')),
      100,
      [],
    ],
    [
      'an owner in the wrong namespace',
      component('x', e => {
        e.metadata.namespace = 'shop';
      }),
      80,
      [['unknown-owner', 'error']],
    ],
    ['no tier', component('x', tier(undefined)), 90, [['no-tier', 'warning']]],
    ['tier 5', component('x', tier('5')), 90, [['bad-tier', 'error']]],
    ['tier "high"', component('x', tier('high')), 90, [['bad-tier', 'error']]],
    [
      'no description',
      component('x', e => {
        delete e.metadata.description;
      }),
      95,
      [['no-description', 'warning']],
    ],
    [
      'a link with an empty url',
      component('x', e => {
        e.metadata.links![0].url = '';
      }),
      90,
      [['missing-link', 'error']],
    ],
    [
      'nothing at all',
      component('x', e => {
        e.metadata = { name: 'x' };
        e.spec = {};
      }),
      0,
      [
        ['no-owner', 'error'],
        ['missing-link', 'error'],
        ['missing-link', 'error'],
        ['missing-link', 'error'],
        ['missing-link', 'error'],
        ['no-review-date', 'warning'],
        ['no-tier', 'warning'],
        ['no-description', 'warning'],
      ],
    ],
  ])('%s', (_, entity, score, rules) => {
    const audit = auditDocs({ entity, now: NOW, policy: { groupRefs } });
    expect(audit.findings.map(f => [f.rule, f.severity])).toEqual(rules);
    expect(audit.score).toBe(score);
  });

  it.each<[string, Omit<DocsPolicy, 'groupRefs'>, Entity, number, string[]]>([
    [
      'a policy requiring docs, which the demo does not have',
      { requiredLinks: ['runbook', 'docs'] },
      component('x'),
      80,
      ['has no docs link'],
    ],
    [
      'a policy requiring no links',
      { requiredLinks: [] },
      component('x', withoutLinks(...ALL_LINKS)),
      100,
      [],
    ],
    [
      'a 30-day review policy',
      { maxReviewAgeDays: 30 },
      component('x', reviewed('2026-10-01')),
      75,
      ['was last reviewed 50 days ago (2026-10-01), more than the 30 allowed'],
    ],
    [
      'three required links, one missing: the link weight splits in thirds',
      { requiredLinks: ['runbook', 'dashboard', 'alerts'] },
      component('x', withoutLinks('alerts')),
      87,
      ['has no alerts link'],
    ],
  ])('%s', (_, policy, entity, score, messages) => {
    const audit = auditDocs({
      entity,
      now: new Date(NOW),
      policy: { ...policy, groupRefs },
    });
    expect(audit.findings.map(f => f.message)).toEqual(messages);
    expect(audit.score).toBe(score);
  });

  const reviewPath = 'metadata.annotations["steward.dev/last-reviewed"]';
  const tierPath = 'metadata.annotations["steward.dev/tier"]';
  it.each<[string, Entity, DocsRule, string, string]>([
    [
      'a missing link',
      component('ad', withoutLinks('runbook')),
      'missing-link',
      'metadata.links',
      'add a metadata.links entry with type: runbook',
    ],
    [
      'a stale review',
      component('email', reviewed('2025-06-01')),
      'stale-review',
      reviewPath,
      `review the runbook and dashboards, then set ${reviewPath} to today's date`,
    ],
    [
      'no review date',
      component('x', reviewed(undefined)),
      'no-review-date',
      reviewPath,
      `review the docs, then set ${reviewPath} to today's date (YYYY-MM-DD)`,
    ],
    [
      'a bad tier',
      component('x', tier('0')),
      'bad-tier',
      tierPath,
      `set ${tierPath} to "1" (most critical) through "4"`,
    ],
    [
      'an unknown owner',
      component('x', owner('nobody')),
      'unknown-owner',
      'spec.owner',
      'set spec.owner to an existing Group, or add that Group to the catalog',
    ],
    [
      'no owner',
      component('x', owner(undefined)),
      'no-owner',
      'spec.owner',
      'set spec.owner to the Group that runs it, like spec.owner: storefront',
    ],
  ])('names the field to fix for %s', (_, entity, rule, path, fix) => {
    const audit = auditDocs({ entity, now: NOW, policy: { groupRefs } });
    const finding = audit.findings.find(f => f.rule === rule);
    expect(finding && { path: finding.path, fix: finding.fix }).toEqual({
      path,
      fix,
    });
  });
});

describe('docsStatus', () => {
  it.each<[string, Entity, { complete: boolean; fresh: boolean }]>([
    ['everything', component('x'), { complete: true, fresh: true }],
    [
      'a missing link',
      component('x', withoutLinks('runbook')),
      { complete: false, fresh: true },
    ],
    [
      'a stale review',
      component('x', reviewed('2025-06-01')),
      { complete: true, fresh: false },
    ],
    [
      'no review',
      component('x', reviewed(undefined)),
      { complete: true, fresh: false },
    ],
    [
      'a bad review date and no owner: ownership is not about docs',
      component('x', e => {
        reviewed('soon')(e);
        owner(undefined)(e);
      }),
      { complete: true, fresh: false },
    ],
  ])('%s', (_, entity, status) => {
    expect(
      docsStatus(auditDocs({ entity, now: NOW, policy: { groupRefs } })),
    ).toEqual(status);
  });
});

describe('reviewAgeDays', () => {
  it.each([
    ['a date 23 days before now', '2026-10-28', 23],
    ['a date-time earlier today', '2026-11-20T08:00:00Z', 0],
    ['a date-time just over a day before', '2026-11-19T11:00:00Z', 1],
    ['surrounding blanks', ' 2026-11-10 ', 10],
    ['no date', undefined, undefined],
    ['an empty date', '', undefined],
    ['not a date', 'soon', undefined],
  ])('%s', (_, value, days) => {
    expect(reviewAgeDays(component('x', reviewed(value)), NOW)).toBe(days);
  });
});
