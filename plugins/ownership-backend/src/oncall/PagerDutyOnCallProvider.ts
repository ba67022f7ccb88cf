import {
  EscalationView,
  OnCallPerson,
  ScheduleOnCall,
} from '@steward/plugin-ownership-common';
import { z } from 'zod';
import { fetchProviderJson } from './fetchProviderJson';
import { OnCallProvider, RotationPeople } from './types';

/** What PagerDuty needs to find a Group's on-call. */
export type PagerDutySource = {
  scheduleIds: string[];
  escalationPolicyId?: string;
};

// The shapes of PagerDuty REST API v2 responses, as far as Steward reads
// them; other fields are ignored.
const reference = z.object({
  id: z.string(),
  type: z.string().optional(),
  summary: z.string().optional(),
  name: z.string().optional(),
  email: z.string().optional(),
});

const oncallsResponse = z.object({
  oncalls: z.array(
    z.object({
      user: reference,
      schedule: reference.nullable().optional(),
      escalation_level: z.number(),
      start: z.string().nullable().optional(),
      end: z.string().nullable().optional(),
    }),
  ),
});

const renderedEntry = z.object({
  start: z.string(),
  end: z.string(),
  user: reference,
});

const scheduleResponse = z.object({
  schedule: z.object({
    id: z.string(),
    name: z.string(),
    time_zone: z.string().optional(),
    final_schedule: z
      .object({ rendered_schedule_entries: z.array(renderedEntry).default([]) })
      .optional(),
    schedule_layers: z
      .array(
        z.object({
          name: z.string().optional(),
          users: z.array(z.object({ user: reference })).default([]),
        }),
      )
      .default([]),
  }),
});

const escalationPolicyResponse = z.object({
  escalation_policy: z.object({
    id: z.string(),
    name: z.string(),
    num_loops: z.number().int().default(0),
    escalation_rules: z.array(
      z.object({
        escalation_delay_in_minutes: z.number(),
        targets: z.array(reference),
      }),
    ),
  }),
});

function person(user: z.infer<typeof reference>): OnCallPerson {
  return {
    name: user.summary ?? user.name ?? user.id,
    email: user.email,
    id: user.id,
  };
}

/** How far ahead to look for the next shift of a schedule. */
const NEXT_SHIFT_HORIZON_MS = 35 * 24 * 3600_000;

/**
 * On-call from PagerDuty: `GET /oncalls` for who holds each schedule now,
 * `GET /schedules/{id}` for the next shift and the people in its layers,
 * `GET /escalation_policies/{id}` for the policy.
 */
export class PagerDutyOnCallProvider
  implements OnCallProvider<PagerDutySource>
{
  private constructor(
    private readonly options: {
      baseUrl: string;
      token: string;
      timeoutMs: number;
    },
  ) {}

  static create(options: {
    baseUrl: string;
    token: string;
    timeoutMs: number;
  }): PagerDutyOnCallProvider {
    return new PagerDutyOnCallProvider(options);
  }

  private get<T>(
    path: string,
    schema: z.ZodType<T, z.ZodTypeDef, unknown>,
    query?: Record<string, string | string[]>,
  ): Promise<T> {
    return fetchProviderJson({
      provider: 'PagerDuty',
      baseUrl: this.options.baseUrl,
      path,
      query,
      schema,
      timeoutMs: this.options.timeoutMs,
      headers: {
        Accept: 'application/vnd.pagerduty+json;version=2',
        Authorization: `Token token=${this.options.token}`,
      },
    });
  }

  async onCall(options: {
    source: PagerDutySource;
    atMs: number;
  }): Promise<ScheduleOnCall[]> {
    const { scheduleIds } = options.source;
    const at = new Date(options.atMs).toISOString();
    const { oncalls } = await this.get('/oncalls', oncallsResponse, {
      'schedule_ids[]': scheduleIds,
      since: at,
      until: new Date(options.atMs + 60_000).toISOString(),
      'include[]': 'users',
      // One entry per user, policy and level: a schedule shared by many
      // policies fills PagerDuty's default page of 25.
      limit: '100',
    });
    return Promise.all(
      scheduleIds.map(async id => {
        const { schedule } = await this.get(
          `/schedules/${encodeURIComponent(id)}`,
          scheduleResponse,
          {
            since: at,
            until: new Date(options.atMs + NEXT_SHIFT_HORIZON_MS).toISOString(),
            time_zone: 'UTC',
          },
        );
        const current = oncalls.filter(o => o.schedule?.id === id);
        const currentIds = new Set(current.map(o => o.user.id));
        const ends = current
          .map(o => (o.end ? Date.parse(o.end) : NaN))
          .filter(Number.isFinite);
        const next = (schedule.final_schedule?.rendered_schedule_entries ?? [])
          .filter(e => Date.parse(e.start) > options.atMs)
          .find(e => !currentIds.has(e.user.id));
        return {
          schedule: schedule.name,
          scheduleId: id,
          current: current.map(o => person(o.user)),
          currentUntilMs: ends.length ? Math.min(...ends) : undefined,
          next: next ? [person(next.user)] : [],
          nextFromMs: next ? Date.parse(next.start) : undefined,
        };
      }),
    );
  }

  async escalation(options: {
    source: PagerDutySource;
  }): Promise<EscalationView | undefined> {
    const id = options.source.escalationPolicyId;
    if (!id) return undefined;
    const { escalation_policy: policy } = await this.get(
      `/escalation_policies/${encodeURIComponent(id)}`,
      escalationPolicyResponse,
    );
    // PagerDuty gives each rule the delay before the next one; Steward counts
    // every step from the alert.
    let afterMinutes = 0;
    const steps = policy.escalation_rules.map(rule => {
      const step = {
        afterMinutes,
        targets: rule.targets.map(target =>
          target.type?.startsWith('schedule')
            ? {
                type: 'schedule' as const,
                name: target.summary ?? target.id,
                id: target.id,
              }
            : { type: 'user' as const, person: person(target) },
        ),
      };
      afterMinutes += rule.escalation_delay_in_minutes;
      return step;
    });
    const last = policy.escalation_rules[policy.escalation_rules.length - 1];
    return {
      name: policy.name,
      id: policy.id,
      steps,
      repeat: policy.num_loops,
      repeatAfterMinutes:
        policy.num_loops > 0 ? last?.escalation_delay_in_minutes : undefined,
    };
  }

  async rotations(options: {
    source: PagerDutySource;
  }): Promise<RotationPeople[]> {
    return Promise.all(
      options.source.scheduleIds.map(async id => {
        const { schedule } = await this.get(
          `/schedules/${encodeURIComponent(id)}`,
          scheduleResponse,
        );
        // A schedule's layers stack into one pager: its people are every
        // layer's users.
        const members = schedule.schedule_layers.flatMap(layer =>
          layer.users.map(u => u.user.summary ?? u.user.id),
        );
        return { name: schedule.name, members: [...new Set(members)] };
      }),
    );
  }
}
