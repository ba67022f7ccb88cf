import { IncomingAlert } from '@steward/plugin-ownership-common';
import { SloAlertEvent } from '@steward/plugin-slo-common';

/** An SLO burn-rate alert as a routing input. */
export function alertFromSloEvent(event: SloAlertEvent): IncomingAlert {
  return {
    source: 'slo',
    name: `${event.sloTitle} (${event.alert})`,
    status: event.state,
    severity: event.severity,
    service: event.serviceName,
    operation: event.operation,
    startsAtMs: event.at,
    fingerprint: `${event.sloRef}:${event.alert}`,
    summary: `Burning error budget at ${
      event.longBurn?.toFixed(1) ?? '?'
    }× (alert at ${Number(event.factor.toFixed(1))}×); ${
      event.budgetRemaining !== undefined
        ? `${(100 * event.budgetRemaining).toFixed(1)}% of the budget left`
        : 'budget unknown'
    }.`,
    labels: { slo: event.sloRef, alert: event.alert },
    sloRef: event.sloRef,
    slo: {
      objective: event.objective,
      budgetRemaining: event.budgetRemaining,
      burnRate: event.longBurn,
      factor: event.factor,
    },
  };
}
