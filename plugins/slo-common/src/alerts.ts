/**
 * The events-service topic on which the SLO backend publishes burn-rate
 * alert state changes; the ownership backend's alert routing subscribes.
 *
 * @public
 */
export const SLO_ALERTS_TOPIC = 'steward.slo.alerts';

/**
 * The payload of an event on {@link SLO_ALERTS_TOPIC}: one multiwindow
 * burn-rate alert of one SLO started or stopped firing.
 *
 * @public
 */
export type SloAlertEvent = {
  sloRef: string;
  sloTitle: string;
  /** The Component the SLO is for. */
  entityRef: string;
  /** The OTel service.name of that Component, for finding traces. */
  serviceName: string;
  /** The operation the SLI is about, when it is about one. */
  operation?: string;
  ownerRef?: string;
  alert: string;
  severity: 'page' | 'ticket';
  state: 'firing' | 'resolved';
  /** Unix ms of the change. */
  at: number;
  factor: number;
  longBurn?: number;
  shortBurn?: number;
  objective: number;
  budgetRemaining?: number;
};
