import {
  EscalationTargetView,
  EscalationView,
  OnCallPerson,
  ScheduleOnCall,
} from '@steward/plugin-ownership-common';
import { z } from 'zod';
import { fetchProviderJson } from './fetchProviderJson';
import { OnCallProvider, RotationPeople } from './types';

/** What Opsgenie needs to find a Group's on-call. */
export type OpsgenieSource = { scheduleIds: string[]; escalationId?: string };

// The shapes of Opsgenie API v2 responses, as far as Steward reads them.
const participant = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  username: z.string().optional(),
  type: z.string(),
});
type Participant = z.infer<typeof participant>;

const parent = z.object({ id: z.string(), name: z.string() });

const onCallsResponse = z.object({
  data: z.object({
    _parent: parent,
    onCallParticipants: z.array(participant).default([]),
  }),
});

const nextOnCallsResponse = z.object({
  data: z.object({
    _parent: parent,
    exactNextOnCallRecipients: z.array(participant).default([]),
  }),
});

const scheduleResponse = z.object({
  data: z.object({
    id: z.string(),
    name: z.string(),
    rotations: z
      .array(
        z.object({
          name: z.string().optional(),
          participants: z.array(participant).default([]),
        }),
      )
      .default([]),
  }),
});

const TIME_UNIT_MINUTES = { minutes: 1, hours: 60, days: 1440 } as const;

const escalationResponse = z.object({
  data: z.object({
    id: z.string(),
    name: z.string(),
    rules: z.array(
      z.object({
        delay: z.object({
          timeAmount: z.number(),
          timeUnit: z.enum(['minutes', 'hours', 'days']).default('minutes'),
        }),
        recipient: participant,
      }),
    ),
    repeat: z
      .object({
        waitInterval: z.number().optional(),
        count: z.number().optional(),
      })
      .optional(),
  }),
});

function label(p: Participant): string {
  return p.username ?? p.name ?? p.id ?? '?';
}

// Opsgenie names users by username, which is their email address.
function person(p: Participant): OnCallPerson {
  const name = label(p);
  return { name, email: name.includes('@') ? name : undefined, id: p.id };
}

function target(p: Participant): EscalationTargetView {
  if (p.type === 'user') return { type: 'user', person: person(p) };
  if (p.type === 'schedule')
    return { type: 'schedule', name: label(p), id: p.id };
  return { type: 'team', name: label(p), id: p.id };
}

/**
 * On-call from Opsgenie: `GET /v2/schedules/{id}/on-calls` and
 * `/next-on-calls` for now and next, `GET /v2/schedules/{id}` for the people
 * in its rotations, `GET /v2/escalations/{id}` for the policy.
 */
export class OpsgenieOnCallProvider implements OnCallProvider<OpsgenieSource> {
  private constructor(
    private readonly options: {
      baseUrl: string;
      apiKey: string;
      timeoutMs: number;
    },
  ) {}

  static create(options: {
    baseUrl: string;
    apiKey: string;
    timeoutMs: number;
  }): OpsgenieOnCallProvider {
    return new OpsgenieOnCallProvider(options);
  }

  private get<T>(
    path: string,
    schema: z.ZodType<T, z.ZodTypeDef, unknown>,
    query: Record<string, string>,
  ): Promise<T> {
    return fetchProviderJson({
      provider: 'Opsgenie',
      baseUrl: this.options.baseUrl,
      path,
      query,
      schema,
      timeoutMs: this.options.timeoutMs,
      headers: { Authorization: `GenieKey ${this.options.apiKey}` },
    });
  }

  async onCall(options: {
    source: OpsgenieSource;
    atMs: number;
  }): Promise<ScheduleOnCall[]> {
    const query = {
      scheduleIdentifierType: 'id',
      flat: 'false',
      date: new Date(options.atMs).toISOString(),
    };
    return Promise.all(
      options.source.scheduleIds.map(async id => {
        const path = `/v2/schedules/${encodeURIComponent(id)}`;
        const [now, next] = await Promise.all([
          this.get(`${path}/on-calls`, onCallsResponse, query),
          this.get(`${path}/next-on-calls`, nextOnCallsResponse, query),
        ]);
        return {
          schedule: now.data._parent.name,
          scheduleId: now.data._parent.id,
          current: now.data.onCallParticipants.map(person),
          next: next.data.exactNextOnCallRecipients.map(person),
        };
      }),
    );
  }

  async escalation(options: {
    source: OpsgenieSource;
  }): Promise<EscalationView | undefined> {
    const id = options.source.escalationId;
    if (!id) return undefined;
    const { data } = await this.get(
      `/v2/escalations/${encodeURIComponent(id)}`,
      escalationResponse,
      { identifierType: 'id' },
    );
    // Opsgenie counts each rule's delay from the alert, as Steward does; a
    // rule has one recipient, so rules with the same delay form one step.
    const steps: EscalationView['steps'] = [];
    for (const rule of data.rules) {
      const afterMinutes =
        rule.delay.timeAmount * TIME_UNIT_MINUTES[rule.delay.timeUnit];
      const last = steps[steps.length - 1];
      if (last?.afterMinutes === afterMinutes) {
        last.targets.push(target(rule.recipient));
      } else {
        steps.push({ afterMinutes, targets: [target(rule.recipient)] });
      }
    }
    steps.sort((a, b) => a.afterMinutes - b.afterMinutes);
    return {
      name: data.name,
      id: data.id,
      steps,
      repeat: data.repeat?.count ?? 0,
      repeatAfterMinutes: data.repeat?.count
        ? data.repeat.waitInterval
        : undefined,
    };
  }

  async rotations(options: {
    source: OpsgenieSource;
  }): Promise<RotationPeople[]> {
    return Promise.all(
      options.source.scheduleIds.map(async id => {
        const { data } = await this.get(
          `/v2/schedules/${encodeURIComponent(id)}`,
          scheduleResponse,
          { identifierType: 'id' },
        );
        const members = data.rotations.flatMap(r =>
          r.participants.filter(p => p.type === 'user').map(label),
        );
        return { name: data.name, members: [...new Set(members)] };
      }),
    );
  }
}
