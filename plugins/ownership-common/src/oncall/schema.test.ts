import { Entity } from '@backstage/catalog-model';
import { ValidationIssue } from '@steward/plugin-slo-common';
import { validateGroupOnCall, validateOnCallSpec } from './schema';
import { Doc, sreOnCall, sreOnCallParsed } from './testUtils';

/** The SRE spec broken by one edit. */
function broken(edit: (spec: Doc) => void): Doc {
  const spec = sreOnCall();
  edit(spec);
  return spec;
}

const userRefs = new Set(
  ['fatima-haddad', 'noah-lindqvist', 'priya-raman'].map(
    name => `user:default/${name}`,
  ),
);
const groupRefs = new Set(['group:default/platform', 'group:default/sre']);

describe('validateOnCallSpec', () => {
  it('accepts the SRE spec and writes every ref in full', () => {
    expect(validateOnCallSpec(sreOnCall(), { userRefs, groupRefs })).toEqual({
      ok: true,
      value: sreOnCallParsed(),
    });
  });

  it.each<[string, (spec: Doc) => void]>([
    [
      'a rotation with one member',
      s => (s.rotations[0].members = ['noah-lindqvist']),
    ],
    [
      'no rotations, paging users only',
      s => {
        s.rotations = [];
        s.escalationPolicy.steps = [
          {
            afterMinutes: 0,
            targets: [{ type: 'user', ref: 'noah-lindqvist' }],
          },
        ];
      },
    ],
    [
      'a two-week rotation handing off at midnight',
      s => {
        s.rotations[0].length = '2w';
        s.rotations[0].handoff.time = '00:00';
      },
    ],
    ['a time zone alias', s => (s.rotations[0].timeZone = 'Asia/Calcutta')],
    ['UTC', s => (s.rotations[0].timeZone = 'UTC')],
    [
      'a first step after some minutes',
      s => (s.escalationPolicy.steps[0].afterMinutes = 5),
    ],
  ])('accepts %s', (_, edit) => {
    expect(validateOnCallSpec(broken(edit))).toMatchObject({ ok: true });
  });

  it.each<[string, (spec: Doc) => void, ValidationIssue[]]>([
    [
      'a time zone that does not exist',
      s => (s.rotations[0].timeZone = 'Europe/Lndon'),
      [
        {
          path: 'rotations[0].timeZone',
          message: 'must be an IANA time zone, like Europe/London',
        },
      ],
    ],
    [
      'a fixed offset instead of a zone',
      s => (s.rotations[1].timeZone = '+01:00'),
      [
        {
          path: 'rotations[1].timeZone',
          message: 'must be an IANA time zone, like Europe/London',
        },
      ],
    ],
    [
      'a handoff at 24:00',
      s => (s.rotations[0].handoff.time = '24:00'),
      [
        {
          path: 'rotations[0].handoff.time',
          message: 'must be a 24-hour time written HH:MM, like 09:00',
        },
      ],
    ],
    [
      'a handoff at 9am',
      s => (s.rotations[0].handoff.time = '9:00'),
      [
        {
          path: 'rotations[0].handoff.time',
          message: 'must be a 24-hour time written HH:MM, like 09:00',
        },
      ],
    ],
    [
      'a weekday that is not one',
      s => (s.rotations[0].handoff.weekday = 'mon'),
      [
        {
          path: 'rotations[0].handoff.weekday',
          message:
            'must be one of sunday, monday, tuesday, wednesday, thursday, friday, saturday',
        },
      ],
    ],
    [
      'a weekday on a daily rotation',
      s => (s.rotations[1].handoff.weekday = 'monday'),
      [
        {
          path: 'rotations[1].handoff.weekday',
          message:
            'must not be set for a daily rotation: it hands off every day',
        },
      ],
    ],
    [
      'a start date that does not exist',
      s => (s.rotations[0].start = '2026-02-29'),
      [
        {
          path: 'rotations[0].start',
          message: 'must be a date written YYYY-MM-DD',
        },
      ],
    ],
    [
      'a length of three days',
      s => (s.rotations[0].length = '3d'),
      [{ path: 'rotations[0].length', message: 'must be one of 1d, 1w, 2w' }],
    ],
    [
      'no members',
      s => (s.rotations[0].members = []),
      [
        {
          path: 'rotations[0].members',
          message: 'must name at least one user',
        },
      ],
    ],
    [
      'a member that is a group',
      s => (s.rotations[0].members[1] = 'group:sre'),
      [
        {
          path: 'rotations[0].members[1]',
          message:
            'must be a user name or ref, like priya-raman or user:default/priya-raman',
        },
      ],
    ],
    [
      'a member not in the catalog',
      s => (s.rotations[1].members[0] = 'ghost'),
      [
        {
          path: 'rotations[1].members[0]',
          message: 'must be a user in the catalog: user:default/ghost is not',
        },
      ],
    ],
    [
      'two rotations with one name',
      s => (s.rotations[1].name = 'primary'),
      [
        {
          path: 'rotations[1].name',
          message: 'must be unique: rotations[0] is also named primary',
        },
        {
          path: 'escalationPolicy.steps[1].targets[0].name',
          message:
            'must name a rotation of this group: there is no rotation named secondary',
        },
      ],
    ],
    [
      'a rotation with an unknown field',
      s => (s.rotations[0].layers = []),
      [{ path: 'rotations[0].layers', message: 'is not a known field' }],
    ],
    [
      'a target rotation that does not exist',
      s => (s.escalationPolicy.steps[0].targets[0].name = 'primray'),
      [
        {
          path: 'escalationPolicy.steps[0].targets[0].name',
          message:
            'must name a rotation of this group: there is no rotation named primray',
        },
      ],
    ],
    [
      'a target group not in the catalog',
      s => (s.escalationPolicy.steps[2].targets[0].ref = 'dba'),
      [
        {
          path: 'escalationPolicy.steps[2].targets[0].ref',
          message: 'must be a group in the catalog: group:default/dba is not',
        },
      ],
    ],
    [
      'a target of an unknown type',
      s => (s.escalationPolicy.steps[2].targets[0].type = 'team'),
      [
        {
          path: 'escalationPolicy.steps[2].targets[0].type',
          message: 'must be one of rotation, user, group',
        },
      ],
    ],
    [
      'a user target without a ref',
      s => delete s.escalationPolicy.steps[1].targets[1].ref,
      [
        {
          path: 'escalationPolicy.steps[1].targets[1].ref',
          message: 'is required',
        },
      ],
    ],
    [
      'steps out of order',
      s => (s.escalationPolicy.steps[2].afterMinutes = 10),
      [
        {
          path: 'escalationPolicy.steps[2].afterMinutes',
          message:
            "must be greater than the previous step's (15): steps run in time order",
        },
      ],
    ],
    [
      'two steps at the same minute',
      s => (s.escalationPolicy.steps[1].afterMinutes = 0),
      [
        {
          path: 'escalationPolicy.steps[1].afterMinutes',
          message:
            "must be greater than the previous step's (0): steps run in time order",
        },
      ],
    ],
    [
      'a step with no targets',
      s => (s.escalationPolicy.steps[1].targets = []),
      [
        {
          path: 'escalationPolicy.steps[1].targets',
          message: 'must name at least one target',
        },
      ],
    ],
    [
      'minutes as a string',
      s => (s.escalationPolicy.steps[1].afterMinutes = '15'),
      [
        {
          path: 'escalationPolicy.steps[1].afterMinutes',
          message: 'must be a number',
        },
      ],
    ],
    [
      'fractional minutes and a negative repeat',
      s => {
        s.escalationPolicy.steps[0].afterMinutes = 0.5;
        s.escalationPolicy.repeat = -1;
      },
      [
        {
          path: 'escalationPolicy.steps[0].afterMinutes',
          message: 'must be a whole number of minutes',
        },
        { path: 'escalationPolicy.repeat', message: 'must be 0 or more' },
      ],
    ],
    [
      'no escalation policy',
      s => delete s.escalationPolicy,
      [{ path: 'escalationPolicy', message: 'is required' }],
    ],
    [
      'several problems at once, all reported',
      s => {
        s.rotations[0].timeZone = 'Mars/Olympus';
        s.rotations[1].handoff.time = '10:60';
        s.escalationPolicy.steps[2].afterMinutes = 15;
      },
      [
        {
          path: 'rotations[0].timeZone',
          message: 'must be an IANA time zone, like Europe/London',
        },
        {
          path: 'rotations[1].handoff.time',
          message: 'must be a 24-hour time written HH:MM, like 09:00',
        },
        {
          path: 'escalationPolicy.steps[2].afterMinutes',
          message:
            "must be greater than the previous step's (15): steps run in time order",
        },
      ],
    ],
  ])('rejects %s', (_, edit, issues) => {
    expect(validateOnCallSpec(broken(edit), { userRefs, groupRefs })).toEqual({
      ok: false,
      issues,
    });
  });

  it('rejects a spec that is not a mapping', () => {
    expect(validateOnCallSpec('primary')).toEqual({
      ok: false,
      issues: [{ path: '', message: 'must be a mapping' }],
    });
  });
});

describe('validateGroupOnCall', () => {
  function group(namespace: string | undefined, oncall: unknown): Entity {
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'sre', namespace },
      spec: { type: 'team', children: [], oncall },
    } as Entity;
  }

  it.each<[string, Entity, unknown]>([
    [
      'a Group without on-call',
      group(undefined, undefined),
      { ok: true, value: undefined },
    ],
    [
      'issues from the entity root',
      group(
        undefined,
        broken(s => (s.rotations[0].members = [])),
      ),
      {
        ok: false,
        issues: [
          {
            path: 'spec.oncall.rotations[0].members',
            message: 'must name at least one user',
          },
        ],
      },
    ],
    [
      "refs in the Group's namespace",
      group(
        'shop',
        broken(s => {
          s.rotations = s.rotations.slice(0, 1);
          s.escalationPolicy.steps = s.escalationPolicy.steps.slice(0, 1);
        }),
      ),
      {
        ok: true,
        value: expect.objectContaining({
          rotations: [
            expect.objectContaining({
              members: ['user:shop/fatima-haddad', 'user:shop/noah-lindqvist'],
            }),
          ],
        }),
      },
    ],
  ])('%s', (_, entity, expected) => {
    expect(validateGroupOnCall(entity)).toEqual(expected);
  });
});
