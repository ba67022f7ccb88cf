/**
 * What the demo promises, as checks polled through the public APIs: the
 * acceptance check runs them, and the walkthrough waits for them before it
 * takes its screenshots.
 */
import fs from 'node:fs';
import type { Check } from './portalProcess.ts';

/** The acceptance: what a new user sees within two minutes of the first start. */
export const firstStartChecks: Check[] = [
  {
    name: 'frontend calls checkout, product-catalog and cart',
    holds: async api => {
      const { dependencies } = await api('/api/service-graph/v1/dependencies');
      const children = new Set(
        dependencies
          .filter((d: any) => d.parent === 'frontend')
          .map((d: any) => d.child),
      );
      const wanted = ['checkout', 'productcatalogservice', 'cart'];
      return wanted.every(c => children.has(c))
        ? `frontend → ${[...children].sort().join(', ')}`
        : undefined;
    },
  },
  {
    name: 'at least one SLO burning',
    holds: async api => {
      const { items } = await api('/api/slo/v1/slos');
      const firing = items.filter((s: any) => s.firing);
      return firing.length
        ? firing.map((s: any) => `${s.sloRef} (${s.firing.name})`).join(', ')
        : undefined;
    },
  },
  {
    name: 'an alert routed with its trace path',
    holds: async api => {
      const { items } = await api(
        '/api/ownership/v1/routing/decisions?limit=100',
      );
      const routed = items.find((d: any) => d.ownerRef && d.tracePath?.length);
      return routed
        ? `${routed.alertName} → ${routed.ownerRef} via ${routed.tracePath.join(
            ' → ',
          )}`
        : undefined;
    },
  },
  {
    name: "payment's gate says freeze",
    holds: async api => {
      const gate = await api(
        '/api/slo/v1/gate?entityRef=component:default/payment',
      );
      return gate.decision === 'freeze' ? gate.reasons.join('; ') : undefined;
    },
  },
];

/** The rest of the live scenario: shipping's failed deploy (+4 min) and currency's outage (+12 min). */
export const scenarioChecks: Check[] = [
  {
    name: "shipping's deploy failed (its SLO alert fired after it)",
    holds: async api => {
      const { items } = await api(
        '/api/slo/v1/deploys?entityRef=component:default/shipping',
      );
      const failed = items.find((d: any) => d.failed);
      return failed ? `${failed.version} failed` : undefined;
    },
  },
  {
    name: "currency's outage paged currency's team through checkout's alert",
    holds: async api => {
      const { items } = await api(
        '/api/ownership/v1/routing/decisions?limit=200',
      );
      const routed = items.find(
        (d: any) =>
          d.alertService === 'checkout' &&
          d.culpritService === 'currency' &&
          d.ownerRef === 'group:default/platform',
      );
      return routed
        ? `${routed.alertName} → ${routed.ownerRef} via ${routed.tracePath.join(
            ' → ',
          )}`
        : undefined;
    },
  },
];

/** A restart on the same data keeps the history and skips the backfill. */
export function restartChecks(logFile: string): Check[] {
  return [
    {
      name: 'history kept (calls older than an hour)',
      holds: async api => {
        const now = Date.now();
        const { dependencies } = await api(
          `/api/service-graph/v1/dependencies?from=${
            now - 30 * 86_400_000
          }&to=${now - 3_600_000}`,
        );
        const calls = dependencies.reduce(
          (n: number, d: any) => n + d.callCount,
          0,
        );
        return calls > 0
          ? `${calls} calls in the 30 days before the last hour`
          : undefined;
      },
    },
    {
      name: 'backfill skipped',
      holds: async () =>
        fs.readFileSync(logFile, 'utf8').includes('backfill: skipped')
          ? 'the demo found the history'
          : undefined,
    },
  ];
}

/**
 * The backfill has finished: it records the history's deploys last, so
 * payment's 5.2.0 deploy twelve days ago is there.
 */
export const historyWritten: Check = {
  name: 'the 30-day history is written',
  holds: async api => {
    const { items } = await api(
      '/api/slo/v1/deploys?entityRef=component:default/payment',
    );
    return items.some((d: any) => d.version === '5.2.0')
      ? "payment's 5.2.0 deploy of the history is recorded"
      : undefined;
  },
};
