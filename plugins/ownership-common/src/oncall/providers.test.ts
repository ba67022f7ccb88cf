import {
  OpsgenieEscalationBody,
  PagerDutyEscalationPolicyBody,
  ProviderMapping,
  toOpsgenieEscalation,
  toPagerDutyEscalationPolicy,
} from './providers';
import { EscalationPolicy } from './schema';
import { sreOnCallParsed } from './testUtils';

const policy = sreOnCallParsed().escalationPolicy;

const edited = (edit: (p: EscalationPolicy) => void): EscalationPolicy => {
  const copy = sreOnCallParsed().escalationPolicy;
  edit(copy);
  return copy;
};

// Mapping keys as people write them: short and full refs both work.
const pagerDutyIds: ProviderMapping = {
  schedules: { primary: 'PSCHED1', secondary: 'PSCHED2' },
  users: { 'noah-lindqvist': 'PUSER1' },
  groups: { 'group:default/platform': 'PPLATFM' },
};

const opsgenieNames: ProviderMapping = {
  schedules: { primary: 'sre_primary', secondary: 'sre_secondary' },
  users: { 'user:default/noah-lindqvist': 'noah.lindqvist@example.com' },
  groups: { platform: 'platform' },
};

type PdRules =
  PagerDutyEscalationPolicyBody['escalation_policy']['escalation_rules'];

const schedule = (id: string) => ({ id, type: 'schedule_reference' as const });
const pdUser = (id: string) => ({ id, type: 'user_reference' as const });

describe('toPagerDutyEscalationPolicy', () => {
  it('builds a POST /escalation_policies body', () => {
    expect(
      toPagerDutyEscalationPolicy({
        policy,
        ids: pagerDutyIds,
        description: 'Managed by Steward from group:default/sre',
      }),
    ).toEqual({
      body: {
        escalation_policy: {
          type: 'escalation_policy',
          name: 'sre-default',
          description: 'Managed by Steward from group:default/sre',
          escalation_rules: [
            { escalation_delay_in_minutes: 15, targets: [schedule('PSCHED1')] },
            {
              escalation_delay_in_minutes: 15,
              targets: [schedule('PSCHED2'), pdUser('PUSER1')],
            },
            { escalation_delay_in_minutes: 20, targets: [schedule('PPLATFM')] },
          ],
          num_loops: 1,
        },
      },
      warnings: [],
    });
  });

  it.each<
    [string, EscalationPolicy, ProviderMapping, PdRules, number, string[]]
  >([
    [
      'a user with no PagerDuty id',
      policy,
      { ...pagerDutyIds, users: {} },
      [
        { escalation_delay_in_minutes: 15, targets: [schedule('PSCHED1')] },
        { escalation_delay_in_minutes: 15, targets: [schedule('PSCHED2')] },
        { escalation_delay_in_minutes: 20, targets: [schedule('PPLATFM')] },
      ],
      1,
      [
        'steps[1]: user user:default/noah-lindqvist has no id in the mapping and is left out',
      ],
    ],
    [
      'a step with nothing mapped: the rule before waits for the one after',
      policy,
      { ...pagerDutyIds, users: {}, schedules: { primary: 'PSCHED1' } },
      [
        { escalation_delay_in_minutes: 30, targets: [schedule('PSCHED1')] },
        { escalation_delay_in_minutes: 20, targets: [schedule('PPLATFM')] },
      ],
      1,
      [
        'steps[1]: rotation secondary has no id in the mapping and is left out',
        'steps[1]: user user:default/noah-lindqvist has no id in the mapping and is left out',
        'steps[1]: no target could be mapped, so the step is left out',
      ],
    ],
    [
      'a first step that waits, no repeat',
      edited(p => {
        p.steps = p.steps.slice(2);
        p.steps[0].afterMinutes = 5;
        delete p.repeat;
        delete p.repeatAfterMinutes;
      }),
      pagerDutyIds,
      [{ escalation_delay_in_minutes: 30, targets: [schedule('PPLATFM')] }],
      0,
      [
        'steps[0]: PagerDuty pages the first rule as soon as the incident opens, not after 5 minutes',
      ],
    ],
  ])('%s', (_, input, ids, rules, loops, warnings) => {
    const result = toPagerDutyEscalationPolicy({ policy: input, ids });
    expect(result.body.escalation_policy.escalation_rules).toEqual(rules);
    expect(result.body.escalation_policy.num_loops).toBe(loops);
    expect(result.warnings).toEqual(warnings);
  });
});

type OgRule = OpsgenieEscalationBody['rules'][number];

const ogRule = (
  timeAmount: number,
  recipient: OgRule['recipient'],
): OgRule => ({
  condition: 'if-not-acked',
  notifyType: 'default',
  delay: { timeAmount, timeUnit: 'minutes' },
  recipient,
});

describe('toOpsgenieEscalation', () => {
  const allRules = [
    ogRule(0, { type: 'schedule', name: 'sre_primary' }),
    ogRule(15, { type: 'schedule', name: 'sre_secondary' }),
    ogRule(15, { type: 'user', username: 'noah.lindqvist@example.com' }),
    ogRule(30, { type: 'team', name: 'platform' }),
  ];

  it('builds a POST /v2/escalations body, one recipient per rule', () => {
    expect(
      toOpsgenieEscalation({ policy, ownerTeam: 'sre', names: opsgenieNames }),
    ).toEqual({
      body: {
        name: 'sre-default',
        ownerTeam: { name: 'sre' },
        rules: allRules,
        repeat: {
          waitInterval: 20,
          count: 1,
          resetRecipientStates: false,
          closeAlertAfterAll: false,
        },
      },
      warnings: [],
    });
  });

  it.each<
    [
      string,
      EscalationPolicy,
      ProviderMapping,
      OgRule[],
      OpsgenieEscalationBody['repeat'],
      string[],
    ]
  >([
    [
      'no repeat: no repeat block',
      edited(p => delete p.repeat),
      opsgenieNames,
      allRules,
      undefined,
      [],
    ],
    [
      'a group with no Opsgenie team',
      edited(p => (p.repeatAfterMinutes = 45)),
      { ...opsgenieNames, groups: {} },
      allRules.slice(0, 3),
      {
        waitInterval: 45,
        count: 1,
        resetRecipientStates: false,
        closeAlertAfterAll: false,
      },
      [
        'steps[2]: group group:default/platform has no id in the mapping and is left out',
        'steps[2]: no target could be mapped, so the step is left out',
      ],
    ],
  ])('%s', (_, input, names, rules, repeat, warnings) => {
    const result = toOpsgenieEscalation({
      policy: input,
      ownerTeam: 'sre',
      names,
    });
    expect(result.body.rules).toEqual(rules);
    expect(result.body.repeat).toEqual(repeat);
    expect(result.warnings).toEqual(warnings);
  });
});
