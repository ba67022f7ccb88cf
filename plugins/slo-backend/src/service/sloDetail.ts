import {
  ServiceGraphApi,
  SliWindowsResponse,
} from '@steward/plugin-service-graph-common';
import {
  derivedAvailabilityObjectives,
  derivedLatencyObjectives,
  rankDependencyContribution,
  SloDetailResponse,
  StewardServiceGraphSourceSpec,
} from '@steward/plugin-slo-common';
import { Knex } from 'knex';
import { SloConfig } from '../config';
import { readAlertEvents } from '../database/operations/alertEvents';
import { SloStatusRow } from '../database/tables';
import { escalationOf } from '../evaluation/escalation';
import { toSummary } from './summaries';

const HOUR_MS = 3_600_000;

/** What an SLO's call-graph view reads from the service graph. */
export type SliWindowsSource = Pick<ServiceGraphApi, 'getSliWindows'>;

/**
 * One SLO in full: its definition and latest evaluation, its escalation
 * level and, from the service graph, which downstream edges its errors and
 * slow calls come from and the objectives its dependencies need (not when
 * the service graph is read from Prometheus).
 */
export async function sloDetailOf(options: {
  row: SloStatusRow;
  knex: Knex;
  config: SloConfig;
  serviceGraph: SliWindowsSource;
  nowMs: number;
}): Promise<SloDetailResponse> {
  const summary = toSummary(options.row);
  const definition = JSON.parse(
    options.row.definition,
  ) as SloDetailResponse['definition'];
  const [events, callGraph] = await Promise.all([
    readAlertEvents(options.knex, { sloRef: summary.sloRef, limit: 500 }),
    // The view needs per-series threshold counts, which only the service
    // graph's own database keeps (POST /v1/sli/windows).
    options.config.serviceGraphSource.type === 'prometheus'
      ? {}
      : callGraphView({
          serviceGraph: options.serviceGraph,
          definition,
          objective: summary.objective,
          nowMs: options.nowMs,
        }),
  ]);
  return {
    ...summary,
    definition,
    escalation: escalationOf({
      evaluation: summary.evaluation,
      events,
      majorIncidentShare: options.config.policy.majorIncidentShare,
    }),
    ...callGraph,
  };
}

/** The service-graph source of an SLO's indicator, if that is its source. */
export function serviceGraphSourceOf(
  definition: SloDetailResponse['definition'],
): StewardServiceGraphSourceSpec | undefined {
  const indicator = definition.indicator as
    | {
        spec?: {
          ratioMetric?: Record<
            string,
            { metricSource?: { type: string; spec: unknown } }
          >;
        };
      }
    | undefined;
  const ratio = indicator?.spec?.ratioMetric;
  const source = (ratio?.good ?? ratio?.bad)?.metricSource;
  return source?.type === 'steward-service-graph'
    ? (source.spec as StewardServiceGraphSourceSpec)
    : undefined;
}

/**
 * The service graph as several SLOs of one request read it: each kind of
 * window over the same services is asked for once, with every threshold
 * any of them needs, and the answer shared.
 */
export function sharedSliWindows(
  serviceGraph: SliWindowsSource,
  thresholdsMs: number[],
): SliWindowsSource {
  const answers = new Map<string, Promise<SliWindowsResponse>>();
  return {
    getSliWindows(request) {
      const key = JSON.stringify([
        request.kind,
        request.services,
        request.windows,
      ]);
      let answer = answers.get(key);
      if (!answer) {
        answer = serviceGraph.getSliWindows({ ...request, thresholdsMs });
        answers.set(key, answer);
      }
      return answer;
    },
  };
}

async function callGraphView(options: {
  serviceGraph: SliWindowsSource;
  definition: SloDetailResponse['definition'];
  objective: number;
  nowMs: number;
}): Promise<
  Pick<
    SloDetailResponse,
    'dependencyContribution' | 'derivedObjectives' | 'derivedLatencyObjective'
  >
> {
  const spec = serviceGraphSourceOf(options.definition);
  if (!spec) return {};
  const service = spec.service ?? options.definition.serviceName;
  const window = { from: options.nowMs - HOUR_MS, to: options.nowMs };
  const thresholdsMs = spec.thresholdMs ? [spec.thresholdMs] : [];
  const [ops, edges] = await Promise.all(
    (['op', 'edge'] as const).map(kind =>
      options.serviceGraph.getSliWindows({
        kind,
        services: [service],
        thresholdsMs,
        windows: [window],
      }),
    ),
  );
  const slowOf = (s: {
    calls: number;
    goodAtOrBelowMs: Record<string, number>;
  }) =>
    spec.thresholdMs
      ? s.calls - (s.goodAtOrBelowMs[String(spec.thresholdMs)] ?? 0)
      : 0;
  const callerSeries = ops.windows[0].series.filter(
    s => spec.operation === undefined || s.target === spec.operation,
  );
  const caller = callerSeries.reduce(
    (sum, s) => ({
      errors: sum.errors + s.errors,
      slow: sum.slow + slowOf(s),
      total: sum.total + s.calls,
    }),
    { errors: 0, slow: 0, total: 0 },
  );
  const downstream = edges.windows[0].series.filter(e => e.source === service);
  return {
    dependencyContribution: rankDependencyContribution({
      caller,
      edges: downstream.map(e => ({
        server: e.target,
        errors: e.errors,
        slow: slowOf(e),
        calls: e.calls,
      })),
    }),
    // A latency target over calls made in parallel needs each call's
    // quantile at the caller's threshold to be q^(1/n).
    derivedLatencyObjective:
      spec.thresholdMs && downstream.length > 0
        ? derivedLatencyObjectives({
            quantile: options.objective,
            thresholdMs: spec.thresholdMs,
            fanOut:
              downstream.filter(e => e.connectionType !== 'messaging_system')
                .length || 1,
          })
        : undefined,
    derivedObjectives: derivedAvailabilityObjectives({
      objective: options.objective,
      dependencies: downstream.map(e => ({
        name: e.target,
        critical: e.connectionType !== 'messaging_system',
        callsPerRequest: caller.total > 0 ? e.calls / caller.total : 1,
      })),
    }),
  };
}
