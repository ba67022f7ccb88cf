import { ServiceGraphApi } from '@steward/plugin-service-graph-common';
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

/**
 * One SLO in full: its definition and latest evaluation, its escalation
 * level and, from the service graph, which downstream edges its errors and
 * slow calls come from and the objectives its dependencies need.
 */
export async function sloDetailOf(options: {
  row: SloStatusRow;
  knex: Knex;
  config: SloConfig;
  serviceGraph: ServiceGraphApi;
}): Promise<SloDetailResponse> {
  const summary = toSummary(options.row);
  const definition = JSON.parse(
    options.row.definition,
  ) as SloDetailResponse['definition'];
  const [events, callGraph] = await Promise.all([
    readAlertEvents(options.knex, { sloRef: summary.sloRef, limit: 500 }),
    callGraphView({
      serviceGraph: options.serviceGraph,
      definition,
      objective: summary.objective,
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

async function callGraphView(options: {
  serviceGraph: ServiceGraphApi;
  definition: SloDetailResponse['definition'];
  objective: number;
}): Promise<
  Pick<
    SloDetailResponse,
    'dependencyContribution' | 'derivedObjectives' | 'derivedLatencyObjective'
  >
> {
  const indicator = options.definition.indicator as
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
  if (source?.type !== 'steward-service-graph') return {};
  const spec = source.spec as StewardServiceGraphSourceSpec;
  const service = spec.service ?? options.definition.serviceName;
  const now = Date.now();
  const window = { from: now - HOUR_MS, to: now };
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
