import { startFakeProvider } from './fakeProviderServer';

const HOUR_MS = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

const hana = { id: 'PU1', summary: 'Hana Sato', email: 'hana@example.com' };
const omar = { id: 'PU2', summary: 'Omar Haddad', email: 'omar@example.com' };
const lena = { id: 'PU3', summary: 'Lena Fischer' };

/**
 * PagerDuty REST API v2, the three endpoints Steward reads, for the schedule
 * `PSEARCH`: Hana Sato (hana@example.com) is on call from 2 hours before
 * `atMs` until 3 hours after it, then Omar Haddad for a day, then Hana
 * again. Escalation policy `PEP1`; schedule `PDOWN` always fails.
 */
export function fakePagerDuty(options: { atMs: number }) {
  const { atMs } = options;
  // Hana until AT + 3h, then Omar for a day, then Hana again.
  const shifts = [
    { user: hana, start: atMs - 2 * HOUR_MS, end: atMs + 3 * HOUR_MS },
    { user: omar, start: atMs + 3 * HOUR_MS, end: atMs + 27 * HOUR_MS },
    { user: hana, start: atMs + 27 * HOUR_MS, end: atMs + 51 * HOUR_MS },
  ];
  const overlapping = (query: URLSearchParams) =>
    shifts.filter(
      s =>
        s.start < Date.parse(query.get('until')!) &&
        s.end > Date.parse(query.get('since')!),
    );
  const scheduleRef = {
    id: 'PSEARCH',
    type: 'schedule_reference',
    summary: 'Search primary',
  };
  return startFakeProvider({
    authorization: 'Token token=pd-test-token',
    routes: [
      {
        path: /^\/oncalls$/,
        reply: (_, query) => ({
          oncalls: query.getAll('schedule_ids[]').includes('PSEARCH')
            ? overlapping(query).map(s => ({
                escalation_policy: {
                  id: 'PEP1',
                  type: 'escalation_policy_reference',
                  summary: 'Search',
                },
                escalation_level: 1,
                schedule: scheduleRef,
                user: {
                  ...s.user,
                  type:
                    query.get('include[]') === 'users'
                      ? 'user'
                      : 'user_reference',
                  name: s.user.summary,
                },
                start: iso(s.start),
                end: iso(s.end),
              }))
            : [],
          limit: 25,
          offset: 0,
          more: false,
          total: null,
        }),
      },
      { path: /^\/schedules\/PDOWN$/, reply: () => 500 },
      {
        path: /^\/schedules\/PSEARCH$/,
        reply: (_, query) => ({
          schedule: {
            ...scheduleRef,
            type: 'schedule',
            name: 'Search primary',
            time_zone: 'Asia/Tokyo',
            final_schedule: {
              name: 'Final Schedule',
              rendered_schedule_entries: query.has('since')
                ? overlapping(query).map(s => ({
                    start: iso(s.start),
                    end: iso(s.end),
                    user: {
                      id: s.user.id,
                      type: 'user_reference',
                      summary: s.user.summary,
                    },
                  }))
                : [],
            },
            schedule_layers: [
              {
                name: 'Weekdays',
                users: [hana, omar].map(u => ({
                  user: {
                    id: u.id,
                    type: 'user_reference',
                    summary: u.summary,
                  },
                })),
              },
              {
                name: 'Weekend cover',
                users: [{ user: { ...lena, type: 'user_reference' } }],
              },
            ],
          },
        }),
      },
      {
        path: /^\/escalation_policies\/PEP1$/,
        reply: () => ({
          escalation_policy: {
            id: 'PEP1',
            type: 'escalation_policy',
            name: 'Search',
            num_loops: 2,
            escalation_rules: [
              {
                id: 'R1',
                escalation_delay_in_minutes: 10,
                targets: [scheduleRef],
              },
              {
                id: 'R2',
                escalation_delay_in_minutes: 20,
                targets: [{ ...lena, type: 'user_reference' }],
              },
            ],
          },
        }),
      },
    ],
  });
}

/**
 * Opsgenie API v2, the four endpoints Steward reads, for the schedule `OG1`
 * (kofi@example.com on call now, mara@example.com next) and the escalation
 * `ESC1`.
 */
export function fakeOpsgenie() {
  const parent = { id: 'OG1', name: 'mobile_schedule', enabled: true };
  const kofi = { id: 'u1', name: 'kofi@example.com', type: 'user' };
  const mara = { id: 'u2', name: 'mara@example.com', type: 'user' };
  const meta = { took: 0.01, requestId: 'r-1' };
  return startFakeProvider({
    authorization: 'GenieKey og-test-key',
    routes: [
      {
        path: /^\/v2\/schedules\/OG1\/on-calls$/,
        reply: () => ({
          data: { _parent: parent, onCallParticipants: [kofi] },
          ...meta,
        }),
      },
      {
        path: /^\/v2\/schedules\/OG1\/next-on-calls$/,
        reply: () => ({
          data: {
            _parent: parent,
            nextOnCallRecipients: [mara],
            exactNextOnCallRecipients: [mara],
          },
          ...meta,
        }),
      },
      {
        path: /^\/v2\/schedules\/OG1$/,
        reply: () => ({
          data: {
            ...parent,
            timezone: 'Europe/Berlin',
            ownerTeam: { id: 't1', name: 'mobile' },
            rotations: [
              {
                id: 'rot1',
                name: 'weekly',
                startDate: '2026-01-05T08:00:00Z',
                type: 'weekly',
                length: 1,
                participants: [
                  { type: 'user', id: 'u1', username: 'kofi@example.com' },
                  { type: 'user', id: 'u2', username: 'mara@example.com' },
                ],
              },
            ],
          },
          ...meta,
        }),
      },
      {
        path: /^\/v2\/escalations\/ESC1$/,
        reply: () => ({
          data: {
            id: 'ESC1',
            name: 'mobile_escalation',
            ownerTeam: { id: 't1', name: 'mobile' },
            rules: [
              {
                condition: 'if-not-acked',
                notifyType: 'default',
                delay: { timeAmount: 0, timeUnit: 'minutes' },
                recipient: {
                  type: 'schedule',
                  id: 'OG1',
                  name: 'mobile_schedule',
                },
              },
              {
                condition: 'if-not-acked',
                notifyType: 'default',
                delay: { timeAmount: 1, timeUnit: 'hours' },
                recipient: { type: 'team', id: 't2', name: 'platform' },
              },
              {
                condition: 'if-not-acked',
                notifyType: 'default',
                delay: { timeAmount: 15, timeUnit: 'minutes' },
                recipient: {
                  type: 'user',
                  id: 'u2',
                  username: 'mara@example.com',
                },
              },
            ],
            repeat: {
              waitInterval: 10,
              count: 1,
              resetRecipientStates: false,
              closeAlertAfterAll: false,
            },
          },
          ...meta,
        }),
      },
    ],
  });
}
