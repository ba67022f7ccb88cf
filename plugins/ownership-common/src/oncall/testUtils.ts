import { OnCallSpec, Rotation } from './schema';

/** A document as YAML would parse it, to break in tests. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = any;

/** Unix ms of an ISO instant, for readable tables. */
export const at = (iso: string): number => Date.parse(iso);

/** A weekly London rotation handing off Mondays at 09:00, with overrides. */
export function rotation(overrides: Partial<Rotation> = {}): Rotation {
  return {
    name: 'primary',
    timeZone: 'Europe/London',
    start: '2026-03-16',
    handoff: { weekday: 'monday', time: '09:00' },
    length: '1w',
    members: ['user:default/a', 'user:default/b', 'user:default/c'],
    ...overrides,
  };
}

/**
 * The SRE team's on-call as a catalog file would carry it (short refs, as
 * authors write them): a weekly primary, a weekly secondary, and a policy
 * that pages primary, then secondary and the lead, then platform's on-call.
 */
export function sreOnCall(): Doc {
  return {
    rotations: [
      {
        name: 'primary',
        timeZone: 'Europe/London',
        start: '2026-01-05',
        handoff: { weekday: 'monday', time: '09:00' },
        length: '1w',
        members: ['fatima-haddad', 'noah-lindqvist'],
      },
      {
        name: 'secondary',
        timeZone: 'America/New_York',
        start: '2026-01-05',
        handoff: { time: '10:00' },
        length: '1d',
        members: ['noah-lindqvist', 'user:default/fatima-haddad'],
      },
    ],
    escalationPolicy: {
      name: 'sre-default',
      steps: [
        { afterMinutes: 0, targets: [{ type: 'rotation', name: 'primary' }] },
        {
          afterMinutes: 15,
          targets: [
            { type: 'rotation', name: 'secondary' },
            { type: 'user', ref: 'noah-lindqvist' },
          ],
        },
        { afterMinutes: 30, targets: [{ type: 'group', ref: 'platform' }] },
      ],
      repeat: 1,
      repeatAfterMinutes: 20,
    },
  };
}

/** sreOnCall() as validateOnCallSpec returns it: refs in full. */
export function sreOnCallParsed(): OnCallSpec {
  const spec = sreOnCall();
  const full = (name: string) =>
    name.startsWith('user:') ? name : `user:default/${name}`;
  for (const r of spec.rotations) {
    r.members = r.members.map(full);
  }
  spec.escalationPolicy.steps[1].targets[1].ref = full('noah-lindqvist');
  spec.escalationPolicy.steps[2].targets[0].ref = 'group:default/platform';
  return spec;
}
