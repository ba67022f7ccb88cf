import { SHOP, ServiceName } from './shop';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Something going wrong in one service for a while. */
export type Fault = {
  name: string;
  service: ServiceName;
  fromMs: number;
  toMs: number;
  /** Share of requests that fail. */
  errorRate?: number;
  /** The failures' status message. */
  message?: string;
  /** Share of requests that take `extraLatencyMs` longer. */
  slowShare?: number;
  extraLatencyMs?: number;
};

/** A deploy the scenario records with POST /api/slo/v1/deploys. */
export type Deploy = { atMs: number; entityRef: string; version: string };

/** How a service behaves at one moment. */
export type Behaviour = {
  errorRate: number;
  message: string;
  slowShare: number;
  extraLatencyMs: number;
};

/** The service's behaviour at `atMs`: its baseline, worsened by every fault active then. */
export function behaviourAt(options: {
  faults: Fault[];
  service: ServiceName;
  atMs: number;
}): Behaviour {
  const behaviour: Behaviour = {
    errorRate: SHOP[options.service].baselineErrorRate,
    message: 'internal error',
    slowShare: 0,
    extraLatencyMs: 0,
  };
  for (const fault of options.faults) {
    if (
      fault.service !== options.service ||
      options.atMs < fault.fromMs ||
      options.atMs >= fault.toMs
    ) {
      continue;
    }
    if (
      fault.errorRate !== undefined &&
      fault.errorRate > behaviour.errorRate
    ) {
      behaviour.errorRate = fault.errorRate;
      behaviour.message = fault.message ?? behaviour.message;
    }
    if (fault.extraLatencyMs !== undefined) {
      behaviour.slowShare = Math.max(behaviour.slowShare, fault.slowShare ?? 1);
      behaviour.extraLatencyMs = Math.max(
        behaviour.extraLatencyMs,
        fault.extraLatencyMs,
      );
    }
  }
  return behaviour;
}

/**
 * The scripted incidents of a live run, relative to its start, spaced so
 * that each one's alerts fire as a change of their own:
 *
 * - payment fails most charges for 2.5 minutes: its availability SLO (and
 *   checkout's) burns at the page rate and the 30-day budget is spent, so
 *   payment's release gate freezes;
 * - shipping is deployed at +4 min and the new version is slow on most
 *   requests for 15 minutes: its latency SLO burns right after the deploy,
 *   which makes the deploy a failed change;
 * - currency is down for 4 minutes from +12 min (after checkout's 1-hour page
 *   from the payment burst has resolved on its 5-minute short window; with
 *   a few checkouts a minute, one stray checkout error keeps that page
 *   firing for five more minutes, hence the margin and the low baseline
 *   error rates on checkout's critical path):
 *   checkout's SLO fires, and routing walks checkout's erroring traces down
 *   to currency and pages currency's team.
 */
export function liveScenario(startMs: number): {
  faults: Fault[];
  deploys: Deploy[];
} {
  const at = (minutes: number) => startMs + minutes * MINUTE_MS;
  return {
    faults: [
      {
        name: 'payment error burst',
        service: 'payment',
        fromMs: at(0.25),
        toMs: at(2.75),
        errorRate: 0.85,
        message: 'card processor unavailable: upstream connect timeout',
      },
      {
        name: 'shipping latency regression after deploy',
        service: 'shipping',
        fromMs: at(4),
        toMs: at(19),
        slowShare: 0.7,
        extraLatencyMs: 420,
      },
      {
        name: 'currency outage',
        service: 'currency',
        fromMs: at(12),
        toMs: at(16),
        errorRate: 1,
        message: 'exchange rate feed unreachable',
      },
    ],
    deploys: [
      {
        atMs: at(4),
        entityRef: 'component:default/shipping',
        version: '2.4.0',
      },
    ],
  };
}

/**
 * Incidents in the 30 days of history before `nowMs`, so that SLO tabs,
 * burn-downs, scorecards and change failure rates have a past: a cart
 * outage, a slow product catalogue, a bad email provider day, a payment
 * release that declined charges until it was rolled back, and deploys,
 * two of which (cart, payment) preceded their incidents. The payment
 * incident spends part of payment's 30-day budget, as a real month would,
 * so that the live burst is not the only thing its gate weighs.
 */
export function historicalScenario(nowMs: number): {
  faults: Fault[];
  deploys: Deploy[];
} {
  const daysAgo = (days: number, hourUtc: number) =>
    Math.floor((nowMs - days * DAY_MS) / DAY_MS) * DAY_MS + hourUtc * 3_600_000;
  return {
    faults: [
      {
        name: 'cart cache failover',
        service: 'cart',
        fromMs: daysAgo(18, 14),
        toMs: daysAgo(18, 14) + 40 * MINUTE_MS,
        errorRate: 0.15,
        message: "READONLY You can't write against a read only replica",
      },
      {
        name: 'catalogue index rebuild',
        service: 'productcatalogservice',
        fromMs: daysAgo(9, 10),
        toMs: daysAgo(9, 10) + 3 * 60 * MINUTE_MS,
        slowShare: 0.5,
        extraLatencyMs: 250,
      },
      {
        name: 'payment 5.2.0 tokeniser regression',
        service: 'payment',
        fromMs: daysAgo(12, 11) + 5 * MINUTE_MS,
        toMs: daysAgo(12, 11) + 30 * MINUTE_MS,
        errorRate: 0.1,
        message: 'card token format rejected by processor',
      },
      {
        name: 'email provider rate limiting',
        service: 'email',
        fromMs: daysAgo(5, 9),
        toMs: daysAgo(5, 9) + 5 * 60 * MINUTE_MS,
        errorRate: 0.4,
        message: '429 Too Many Requests from the mail provider',
      },
    ],
    deploys: [
      {
        atMs: daysAgo(25, 10),
        entityRef: 'component:default/checkout',
        version: '3.11.0',
      },
      {
        atMs: daysAgo(21, 15),
        entityRef: 'component:default/shipping',
        version: '2.3.0',
      },
      {
        atMs: daysAgo(18, 13.5),
        entityRef: 'component:default/cart',
        version: '1.8.2',
      },
      {
        atMs: daysAgo(12, 11),
        entityRef: 'component:default/payment',
        version: '5.2.0',
      },
      {
        atMs: daysAgo(4, 16),
        entityRef: 'component:default/checkout',
        version: '3.12.0',
      },
    ],
  };
}
