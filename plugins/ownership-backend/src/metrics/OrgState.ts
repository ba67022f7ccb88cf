import {
  MetricsComponent,
  OrgMetricsInput,
} from '@steward/plugin-ownership-common';

/**
 * The Components' state the org metrics' shares are figured from, now or
 * as a snapshot recorded it: the catalog keeps no history of it.
 */
export type OrgState = {
  atMs: number;
  components: MetricsComponent[];
  groups: Array<{ ref: string; hasOnCall: boolean }>;
  /** Refs of the Components with an SLO; undefined when the SLO plugin could not be read. */
  withSlo?: string[];
  /** Refs of the Components traced in the 7 days before; undefined when the service graph could not be read. */
  tracesSeen?: string[];
};

/** The part of `orgMetrics`' input a state gives. */
export function orgMetricsState(
  state: OrgState,
): Pick<
  OrgMetricsInput,
  'components' | 'groups' | 'slos' | 'traceSeenServices' | 'rotations'
> {
  return {
    components: state.components,
    groups: state.groups.map(g => ({ ref: g.ref })),
    slos: state.withSlo?.map(service => ({ service })),
    traceSeenServices: state.tracesSeen?.map(service => ({
      service,
      lastSeenMs: state.atMs,
    })),
    rotations: state.groups
      .filter(g => g.hasOnCall)
      .map(g => ({ group: g.ref, name: 'on-call' })),
  };
}
