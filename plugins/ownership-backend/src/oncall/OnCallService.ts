import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  EscalationTargetView,
  GroupEscalation,
  OnCallHealth,
  OnCallPerson,
  OnCallProviderName,
  OnCallStatus,
  rotationHealth,
} from '@steward/plugin-ownership-common';
import { OrgCatalog } from '../catalog/OrgCatalog';
import { BuiltinOnCallProvider } from './BuiltinOnCallProvider';
import { OnCallConfig, OnCallSource } from './config';
import { OpsgenieOnCallProvider } from './OpsgenieOnCallProvider';
import { PagerDutyOnCallProvider } from './PagerDutyOnCallProvider';

/** Group annotations naming where its on-call lives, when not in spec.oncall. */
export const ONCALL_ANNOTATIONS = {
  pagerdutySchedules: 'steward.dev/pagerduty-schedules',
  pagerdutyEscalationPolicy: 'steward.dev/pagerduty-escalation-policy',
  opsgenieSchedules: 'steward.dev/opsgenie-schedules',
  opsgenieEscalation: 'steward.dev/opsgenie-escalation',
} as const;

export interface OnCallService {
  /** Who is on call now and next for a Group, or for the Group owning an entity. */
  onCall(options: {
    ref: string;
    atMs: number;
    credentials: BackstageCredentials;
  }): Promise<OnCallStatus>;
  /**
   * Who is on call now and next for a Group already read from the catalog;
   * without credentials, people are linked to Users as the plugin itself.
   */
  groupOnCall(options: {
    group: Entity;
    atMs: number;
    credentials?: BackstageCredentials;
  }): Promise<OnCallStatus>;
  /** Which provider holds a Group's on-call. */
  providerOf(group: Entity): OnCallProviderName;
  escalation(options: {
    ref: string;
    atMs: number;
    credentials: BackstageCredentials;
  }): Promise<GroupEscalation>;
  /** Services and people per rotation, for one Group or all of them. */
  health(options: {
    groupRef?: string;
    credentials: BackstageCredentials;
  }): Promise<OnCallHealth>;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);
}

/**
 * Finds each Group's on-call provider (config first, then the Group's
 * annotations, else its `spec.oncall`) and links the people providers name
 * to catalog Users by email.
 */
export class DefaultOnCallService implements OnCallService {
  private readonly builtin = BuiltinOnCallProvider.create();
  private readonly pagerduty?: PagerDutyOnCallProvider;
  private readonly opsgenie?: OpsgenieOnCallProvider;

  private constructor(
    private readonly options: { catalog: OrgCatalog; config: OnCallConfig },
  ) {
    const { pagerduty, opsgenie, timeoutSeconds } = options.config;
    const timeoutMs = timeoutSeconds * 1000;
    this.pagerduty = pagerduty
      ? PagerDutyOnCallProvider.create({ ...pagerduty, timeoutMs })
      : undefined;
    this.opsgenie = opsgenie
      ? OpsgenieOnCallProvider.create({ ...opsgenie, timeoutMs })
      : undefined;
  }

  static create(options: {
    catalog: OrgCatalog;
    config: OnCallConfig;
  }): OnCallService {
    return new DefaultOnCallService(options);
  }

  providerOf(group: Entity): OnCallProviderName {
    return this.source(group).provider;
  }

  /** Where a Group's on-call lives. */
  private source(group: Entity): OnCallSource {
    const ref = stringifyEntityRef(group).toLocaleLowerCase('en-US');
    const configured = Object.entries(this.options.config.groups).find(
      ([key]) => key.toLocaleLowerCase('en-US') === ref,
    );
    if (configured) return configured[1];
    const a = group.metadata.annotations ?? {};
    const pd = list(a[ONCALL_ANNOTATIONS.pagerdutySchedules]);
    if (pd.length) {
      return {
        provider: 'pagerduty',
        scheduleIds: pd,
        escalationPolicyId: a[ONCALL_ANNOTATIONS.pagerdutyEscalationPolicy],
      };
    }
    const og = list(a[ONCALL_ANNOTATIONS.opsgenieSchedules]);
    if (og.length) {
      return {
        provider: 'opsgenie',
        scheduleIds: og,
        escalationId: a[ONCALL_ANNOTATIONS.opsgenieEscalation],
      };
    }
    return { provider: 'builtin' };
  }

  /**
   * The provider for a source, typed to it; 503 when it is not configured.
   * Async so that a refusal is a rejection: the org-wide health answer
   * catches each group's failure and lists it as unavailable.
   */
  private async dispatch<T>(
    group: Entity,
    call: {
      builtin(p: BuiltinOnCallProvider, source: { group: Entity }): Promise<T>;
      pagerduty(
        p: PagerDutyOnCallProvider,
        source: Extract<OnCallSource, { provider: 'pagerduty' }>,
      ): Promise<T>;
      opsgenie(
        p: OpsgenieOnCallProvider,
        source: Extract<OnCallSource, { provider: 'opsgenie' }>,
      ): Promise<T>;
    },
  ): Promise<T> {
    const source = this.source(group);
    const name = group.metadata.name;
    switch (source.provider) {
      case 'pagerduty':
        if (!this.pagerduty) {
          throw new ServiceUnavailableError(
            `Group ${name} uses PagerDuty, but ownership.oncall.pagerduty is not configured`,
          );
        }
        return call.pagerduty(this.pagerduty, source);
      case 'opsgenie':
        if (!this.opsgenie) {
          throw new ServiceUnavailableError(
            `Group ${name} uses Opsgenie, but ownership.oncall.opsgenie is not configured`,
          );
        }
        return call.opsgenie(this.opsgenie, source);
      default:
        return call.builtin(this.builtin, { group });
    }
  }

  /** Links people named by email to the catalog Users with that email. */
  private async linker(
    people: OnCallPerson[],
    credentials: BackstageCredentials | undefined,
  ): Promise<(p: OnCallPerson) => OnCallPerson> {
    const users = await this.options.catalog.usersByEmail(
      people.filter(p => !p.userRef && p.email).map(p => p.email!),
      credentials,
    );
    return p =>
      p.userRef || !p.email
        ? p
        : { ...p, userRef: users.get(p.email.toLocaleLowerCase('en-US')) };
  }

  async onCall(options: {
    ref: string;
    atMs: number;
    credentials: BackstageCredentials;
  }): Promise<OnCallStatus> {
    const group = await this.options.catalog.owningGroup(
      options.ref,
      options.credentials,
    );
    return this.groupOnCall({ ...options, group });
  }

  async groupOnCall(options: {
    group: Entity;
    atMs: number;
    credentials?: BackstageCredentials;
  }): Promise<OnCallStatus> {
    const { group, atMs } = options;
    const schedules = await this.dispatch(group, {
      builtin: (p, source) => p.onCall({ source, atMs }),
      pagerduty: (p, source) => p.onCall({ source, atMs }),
      opsgenie: (p, source) => p.onCall({ source, atMs }),
    });
    const link = await this.linker(
      schedules.flatMap(s => [...s.current, ...s.next]),
      options.credentials,
    );
    return {
      groupRef: stringifyEntityRef(group),
      provider: this.providerOf(group),
      atMs,
      schedules: schedules.map(s => ({
        ...s,
        current: s.current.map(link),
        next: s.next.map(link),
      })),
    };
  }

  async escalation(options: {
    ref: string;
    atMs: number;
    credentials: BackstageCredentials;
  }): Promise<GroupEscalation> {
    const group = await this.options.catalog.owningGroup(
      options.ref,
      options.credentials,
    );
    const { atMs } = options;
    const policy = await this.dispatch(group, {
      builtin: (p, source) => p.escalation({ source, atMs }),
      pagerduty: (p, source) => p.escalation({ source }),
      opsgenie: (p, source) => p.escalation({ source }),
    });
    const link = await this.linker(
      (policy?.steps ?? []).flatMap(step =>
        step.targets.flatMap(t => {
          if (t.type === 'user') return [t.person];
          return t.type === 'schedule' ? t.onCallNow ?? [] : [];
        }),
      ),
      options.credentials,
    );
    const linkTarget = (t: EscalationTargetView): EscalationTargetView => {
      if (t.type === 'user') return { ...t, person: link(t.person) };
      if (t.type === 'schedule' && t.onCallNow) {
        return { ...t, onCallNow: t.onCallNow.map(link) };
      }
      return t;
    };
    return {
      groupRef: stringifyEntityRef(group),
      provider: this.providerOf(group),
      policy: policy && {
        ...policy,
        steps: policy.steps.map(step => ({
          ...step,
          targets: step.targets.map(linkTarget),
        })),
      },
    };
  }

  async health(options: {
    groupRef?: string;
    credentials: BackstageCredentials;
  }): Promise<OnCallHealth> {
    const { catalog } = this.options;
    const groups = options.groupRef
      ? [await catalog.owningGroup(options.groupRef, options.credentials)]
      : await catalog.byKind('Group', options.credentials);
    const unavailable: OnCallHealth['unavailable'] = [];
    const byRef = groups
      .map(group => ({ group, ref: stringifyEntityRef(group) }))
      .sort((a, b) => a.ref.localeCompare(b.ref));
    const read = await Promise.all(
      byRef.map(async ({ group, ref }) => {
        const [rotations, services] = await Promise.all([
          this.dispatch(group, {
            builtin: (p, source) => p.rotations({ source }),
            pagerduty: (p, source) => p.rotations({ source }),
            opsgenie: (p, source) => p.rotations({ source }),
          }).catch(error => {
            unavailable.push({ group: ref, message: String(error.message) });
            return undefined;
          }),
          catalog.ownedComponents(ref, options.credentials),
        ]);
        return rotations && { ref, rotations, services };
      }),
    );
    const entries = read.filter(e => e !== undefined);
    // People count once across providers: an email a catalog User has
    // becomes that User's ref.
    const users = await catalog.usersByEmail(
      entries.flatMap(e =>
        e.rotations.flatMap(r => r.members.filter(m => m.includes('@'))),
      ),
      options.credentials,
    );
    const report = rotationHealth({
      groups: entries.map(({ ref, rotations, services }) => ({
        ref,
        oncall: {
          rotations: rotations.map(r => ({
            name: r.name,
            members: r.members.map(
              m => users.get(m.toLocaleLowerCase('en-US')) ?? m,
            ),
          })),
        },
        services: services.map(s => stringifyEntityRef(s)).sort(),
      })),
      maxServicesPerPerson: this.options.config.maxServicesPerPerson,
    });
    return {
      ...report,
      unavailable: unavailable.sort((a, b) => a.group.localeCompare(b.group)),
    };
  }
}
