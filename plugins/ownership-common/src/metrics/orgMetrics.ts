import { RepeatCandidate, findRepeatIncidents } from '../postmortems/repeats';
import { Postmortem } from '../postmortems/schema';
import { incidentTimes, mttr } from '../postmortems/times';
import { normalizeRef } from '../shared/refs';
import { share } from '../shared/stats';
import { DAY_MS, WEEK_MS } from '../shared/time';

/**
 * A Component as org metrics need it. `docs` is `docsStatus(auditDocs(...))`.
 *
 * @public
 */
export type MetricsComponent = {
  ref: string;
  /** The owning Group's ref, as `spec.owner` resolves; undefined when unset. */
  owner?: string;
  docs: { complete: boolean; fresh: boolean };
};

/**
 * One deployment. `failed` is the DORA sense: it caused a failure in
 * production (rolled back, hotfixed, or an incident).
 *
 * @public
 */
export type MetricsDeploy = { service: string; atMs: number; failed: boolean };

/** @public */
export type MetricsPostmortem = RepeatCandidate &
  Pick<Postmortem, 'acknowledgedAt' | 'resolvedAt'>;

/** @public */
export type OrgMetricsInput = {
  components: ReadonlyArray<MetricsComponent>;
  /** Refs of the teams to report on. */
  groups: ReadonlyArray<{ ref: string }>;
  /** SLOs by the Component they are for (`spec.service`); undefined when not known. */
  slos?: ReadonlyArray<{ service: string }>;
  /**
   * When traces of each Component were last seen (mapped from OTel service
   * names); undefined when not known.
   */
  traceSeenServices?: ReadonlyArray<{ service: string; lastSeenMs: number }>;
  /** On-call rotations by owning Group. */
  rotations: ReadonlyArray<{ group: string; name: string }>;
  /** Alerts that fired, by the Component they were routed to. */
  alerts: ReadonlyArray<{ service: string; at: number; actioned: boolean }>;
  /** All postmortems: repeats need the history before the window. */
  postmortems: ReadonlyArray<MetricsPostmortem>;
  deploys: ReadonlyArray<MetricsDeploy>;
  nowMs: number;
  /** The window for alerts, incidents, deploys and repeats; default 4. */
  weeks?: number;
  /**
   * When the state above (Components, owners, docs, SLOs, traces seen,
   * rotations) was recorded. Undefined when it is not the state of this
   * moment but only serves to tell which team an alert, deploy or incident
   * belongs to: the shares and unowned Components are then left out.
   */
  stateAtMs?: number;
};

/** Shares of Components, 0..1; undefined when there are none. @public */
export type ComponentShares = {
  withOwner?: number;
  completeDocs?: number;
  freshDocs?: number;
  withSlo?: number;
  /** Traces seen in the last 7 days. */
  tracesSeen?: number;
  withOnCall?: number;
};

/** @public */
export type ReliabilityMetrics = {
  components: number;
  shares: ComponentShares;
  alerts: number;
  alertsPerWeek: number;
  /** Share of alerts nobody acted on. */
  noiseShare?: number;
  /** Incidents detected in the window. */
  incidents: number;
  /** Mean time to restore of those incidents, ms. */
  mttrMs?: number;
  deploys: number;
  changeFailureRate?: number;
  /** Repeat groups (same service and cause within a quarter) whose latest incident is in the window. */
  repeatIncidents: number;
};

/** @public */
export type OrgMetrics = {
  fromMs: number;
  toMs: number;
  /**
   * When the Components' state behind the shares was recorded (a daily
   * snapshot, or now); undefined when none was, and the shares are empty.
   */
  stateAtMs?: number;
  org: ReliabilityMetrics;
  teams: Array<ReliabilityMetrics & { group: string }>;
  /** Components whose owner is unset or not a known Group. */
  unownedComponents: string[];
};

const TRACES_FRESH_MS = 7 * DAY_MS;

const componentRef = (value: string) =>
  normalizeRef(value, { kind: 'component' }) ?? value;
const groupRef = (value: string) =>
  normalizeRef(value, { kind: 'group' }) ?? value;

/**
 * Ownership and reliability per team and for the whole org: how many
 * services have an owner, complete and fresh docs, SLOs, recent traces and
 * an on-call rotation; how noisy alerts are; how fast incidents are
 * resolved; how often deploys fail; how often incidents repeat. Shares are
 * of Components; an org-wide figure counts every alert, incident and deploy
 * once, including those of services no team owns.
 *
 * @public
 */
export function orgMetrics(input: OrgMetricsInput): OrgMetrics {
  const weeks = input.weeks ?? 4;
  const toMs = input.nowMs;
  const fromMs = toMs - weeks * WEEK_MS;
  const inWindow = (ms: number) => ms >= fromMs && ms < toMs;

  const groups = input.groups.map(g => groupRef(g.ref));
  const knownGroups = new Set(groups);
  const ownerOf = new Map<string, string>();
  for (const c of input.components) {
    const owner = c.owner === undefined ? undefined : groupRef(c.owner);
    if (owner !== undefined && knownGroups.has(owner)) {
      ownerOf.set(componentRef(c.ref), owner);
    }
  }
  const withSlo =
    input.slos && new Set(input.slos.map(s => componentRef(s.service)));
  const traced =
    input.traceSeenServices &&
    new Set(
      input.traceSeenServices
        .filter(
          t => t.lastSeenMs >= toMs - TRACES_FRESH_MS && t.lastSeenMs <= toMs,
        )
        .map(t => componentRef(t.service)),
    );
  const stateKnown = input.stateAtMs !== undefined;
  const onCall = new Set(input.rotations.map(r => groupRef(r.group)));

  const alerts = input.alerts
    .filter(a => inWindow(a.at))
    .map(a => ({ ...a, service: componentRef(a.service) }));
  const deploys = input.deploys
    .filter(d => inWindow(d.atMs))
    .map(d => ({ ...d, service: componentRef(d.service) }));
  const incidents = input.postmortems.flatMap(p => {
    const times = incidentTimes(p);
    return times && inWindow(times.at)
      ? [{ ...times, services: p.contributingServices.map(componentRef) }]
      : [];
  });
  const repeats = findRepeatIncidents({
    postmortems: input.postmortems.map(p => ({
      ...p,
      contributingServices: p.contributingServices.map(componentRef),
    })),
  }).filter(r => inWindow(r.incidents[r.incidents.length - 1].atMs));

  /** The metrics of the services `owns` accepts. */
  const measure = (owns: (service: string) => boolean): ReliabilityMetrics => {
    const components = input.components.filter(c => owns(componentRef(c.ref)));
    const count = (
      test: ((c: MetricsComponent, ref: string) => boolean) | false,
    ) =>
      test && stateKnown
        ? share(
            components.filter(c => test(c, componentRef(c.ref))).length,
            components.length,
          )
        : undefined;
    const teamAlerts = alerts.filter(a => owns(a.service));
    const teamDeploys = deploys.filter(d => owns(d.service));
    const teamIncidents = incidents.filter(i => i.services.some(owns));
    return {
      components: components.length,
      shares: {
        withOwner: count((_, ref) => ownerOf.has(ref)),
        completeDocs: count(c => c.docs.complete),
        freshDocs: count(c => c.docs.fresh),
        withSlo: count(withSlo ? (_, ref) => withSlo.has(ref) : false),
        tracesSeen: count(traced ? (_, ref) => traced.has(ref) : false),
        withOnCall: count((_, ref) => {
          const owner = ownerOf.get(ref);
          return owner !== undefined && onCall.has(owner);
        }),
      },
      alerts: teamAlerts.length,
      alertsPerWeek: weeks > 0 ? teamAlerts.length / weeks : 0,
      noiseShare: share(
        teamAlerts.filter(a => !a.actioned).length,
        teamAlerts.length,
      ),
      incidents: teamIncidents.length,
      mttrMs: mttr({ incidents: teamIncidents }),
      deploys: teamDeploys.length,
      changeFailureRate: share(
        teamDeploys.filter(d => d.failed).length,
        teamDeploys.length,
      ),
      repeatIncidents: repeats.filter(r => owns(r.service)).length,
    };
  };

  return {
    fromMs,
    toMs,
    stateAtMs: input.stateAtMs,
    org: measure(() => true),
    teams: groups.map(group => ({
      group,
      ...measure(service => ownerOf.get(service) === group),
    })),
    unownedComponents: stateKnown
      ? input.components
          .map(c => componentRef(c.ref))
          .filter(ref => !ownerOf.has(ref))
      : [],
  };
}
