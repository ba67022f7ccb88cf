import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  OnCallProviderName,
  OnCallStatus,
  RoutedOnCall,
  onCallValidUntilMs,
  routedOnCall,
} from '@steward/plugin-ownership-common';
import { BuiltinOnCallProvider } from '../oncall/BuiltinOnCallProvider';
import { OnCallService } from '../oncall/OnCallService';

const PROVIDER_NAMES: Record<OnCallProviderName, string> = {
  builtin: 'its rotations (spec.oncall)',
  pagerduty: 'PagerDuty',
  opsgenie: 'Opsgenie',
};

type RoutingOnCallOptions = {
  oncall: OnCallService;
  cacheMs: number;
  timeoutMs: number;
};

type Answer = {
  status: OnCallStatus;
  fetchedAtMs: number;
  expiresAtMs: number;
};

/**
 * The current on-call of an alert's owning team, from whichever provider
 * holds the team's on-call (its `spec.oncall`, PagerDuty or Opsgenie).
 * Answers are cached for the TTL, or until a shift they report ends if that
 * is sooner. A provider that does not answer within the timeout does not
 * hold up the alert: its answer still fills the cache when it comes, and the
 * alert goes by, in order, the last answer while its shift lasts, the
 * Group's built-in rotation, or the team itself; each step is explained.
 */
export class RoutingOnCall {
  private readonly answers = new Map<string, Answer>();
  private readonly pending = new Map<string, Promise<Answer>>();
  private readonly builtin = BuiltinOnCallProvider.create();

  private constructor(private readonly options: RoutingOnCallOptions) {}

  static create(options: RoutingOnCallOptions): RoutingOnCall {
    return new RoutingOnCall(options);
  }

  async resolve(options: {
    group: Entity;
    nowMs: number;
    explanation: string[];
  }): Promise<RoutedOnCall | undefined> {
    const { group, nowMs, explanation } = options;
    const ref = stringifyEntityRef(group);
    const provider = this.options.oncall.providerOf(group);
    const cached = this.answers.get(ref);
    if (cached && nowMs < cached.expiresAtMs) {
      return this.found(ref, cached.status, nowMs, explanation);
    }
    try {
      const fresh = await this.withTimeout(this.fetch(group, ref, nowMs));
      return this.found(ref, fresh.status, nowMs, explanation);
    } catch (error) {
      explanation.push(
        `The on-call of ${ref} could not be read from ${
          PROVIDER_NAMES[provider]
        }: ${error instanceof Error ? error.message : error}.`,
      );
    }
    const stale = cached && routedOnCall(cached.status, nowMs);
    if (stale) {
      explanation.push(
        `Paging ${stale.current} from its answer of ${new Date(
          cached.fetchedAtMs,
        ).toISOString()}.`,
      );
      return stale;
    }
    if (provider !== 'builtin') {
      const fallback = await this.builtin
        .onCall({ source: { group }, atMs: nowMs })
        .then(schedules =>
          routedOnCall(
            { groupRef: ref, provider: 'builtin', atMs: nowMs, schedules },
            nowMs,
          ),
        )
        .catch(() => undefined);
      if (fallback) {
        explanation.push(
          `Falling back to ${ref}'s built-in rotation ${fallback.rotation} (spec.oncall).`,
        );
        return fallback;
      }
    }
    explanation.push(`Delivered to the whole team ${ref}, without an on-call.`);
    return undefined;
  }

  private found(
    ref: string,
    status: OnCallStatus,
    nowMs: number,
    explanation: string[],
  ): RoutedOnCall | undefined {
    const answer = routedOnCall(status, nowMs);
    if (!answer) {
      explanation.push(
        status.provider === 'builtin' && status.schedules.length === 0
          ? `${ref} declares no on-call rotation (spec.oncall); delivered to the whole team.`
          : `${
              PROVIDER_NAMES[status.provider]
            } names nobody on call for ${ref} now; delivered to the whole team.`,
      );
    } else if (status.provider !== 'builtin') {
      explanation.push(
        `${ref}'s on-call is in ${PROVIDER_NAMES[status.provider]}, schedule ${
          answer.rotation
        }.`,
      );
    }
    return answer;
  }

  /** One request per Group at a time; its answer is cached when it comes. */
  private fetch(group: Entity, ref: string, nowMs: number): Promise<Answer> {
    let request = this.pending.get(ref);
    if (!request) {
      request = this.options.oncall
        .groupOnCall({ group, atMs: nowMs })
        .then(status => {
          const answer = {
            status,
            fetchedAtMs: nowMs,
            expiresAtMs: Math.min(
              nowMs + this.options.cacheMs,
              onCallValidUntilMs(status),
            ),
          };
          this.answers.set(ref, answer);
          return answer;
        })
        .finally(() => this.pending.delete(ref));
      this.pending.set(ref, request);
    }
    return request;
  }

  private async withTimeout<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`no answer within ${this.options.timeoutMs} ms`)),
        this.options.timeoutMs,
      );
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
