// The SLOs under benchmark, as catalog entities: one per operation series,
// resolved by the plugin's own loadSloDefinitions from an in-memory catalog
// (10,000 entities in a real catalog would measure the catalog).
import { AuthService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { STEWARD_SERVICE_GRAPH_SOURCE } from '@steward/plugin-slo-common';
import {
  loadSloDefinitions,
  SloDefinition,
} from '../src/catalog/loadSloDefinitions';
import { SeriesSpec, serviceName } from './seed';

export const BENCH_TEAM = 'group:default/bench-team';

/** Services owned by the bench team: 12 × 4 operation SLOs + 2 service SLOs. */
const BENCH_TEAM_SERVICES = 12;

const TEAMS = 200;

function ownerOf(serviceIndex: number): string {
  return serviceIndex < BENCH_TEAM_SERVICES
    ? 'bench-team'
    : `team-${String(serviceIndex % TEAMS).padStart(3, '0')}`;
}

function sloEntity(options: {
  name: string;
  service: string;
  operation?: string;
  signal: 'availability' | 'latency';
  thresholdMs?: number;
  window: 'rolling30' | 'rolling28' | 'quarter';
  target: number;
}): Entity {
  const source = {
    metricSource: {
      type: STEWARD_SERVICE_GRAPH_SOURCE,
      spec: {
        ...(options.operation ? { operation: options.operation } : {}),
        signal: options.signal,
        ...(options.thresholdMs ? { thresholdMs: options.thresholdMs } : {}),
      },
    },
  };
  const timeWindow = {
    rolling30: { duration: '30d', isRolling: true },
    rolling28: { duration: '28d', isRolling: true },
    quarter: {
      duration: '1Q',
      isRolling: false,
      calendar: { startTime: '2026-01-01 00:00:00', timeZone: 'UTC' },
    },
  }[options.window];
  return {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: {
      name: options.name,
      namespace: 'default',
      displayName: `${options.service} ${options.operation ?? 'all'} ${
        options.signal
      }`,
    },
    spec: {
      service: options.service,
      indicator: {
        metadata: { name: `${options.name}-sli` },
        spec: { ratioMetric: { counter: true, good: source, total: source } },
      },
      timeWindow: [timeWindow],
      budgetingMethod: 'Occurrences',
      objectives: [{ target: options.target }],
    },
  } as unknown as Entity;
}

/**
 * 10,000 SLOs for a fleet of 2,500 services × 4 operations: one per
 * operation (availability, or for one in five latency at 300 ms, 1 s for
 * slow operations), over 30 rolling days except one in 50 over 28 days and
 * one in 50 over the calendar quarter. Two operation SLOs give way to two
 * whole-service SLOs of the bench team, which owns 50.
 */
export function benchCatalog(series: SeriesSpec[]): Entity[] {
  const services = new Set(series.map(s => s.serviceIndex));
  const components: Entity[] = [...services].map(s => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: serviceName(s), namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: ownerOf(s) },
  }));
  const slos = series.slice(0, series.length - 2).map(s => {
    const latency = s.index % 5 === 2;
    return sloEntity({
      name: `${s.service}-op${s.index % 4}-${
        latency ? 'latency' : 'availability'
      }`,
      service: s.service,
      operation: s.operation,
      signal: latency ? 'latency' : 'availability',
      thresholdMs: latency ? (s.slow ? 1000 : 300) : undefined,
      window:
        s.index % 50 === 7
          ? 'rolling28'
          : s.index % 50 === 33
          ? 'quarter'
          : 'rolling30',
      target: latency ? 0.99 : 0.999,
    });
  });
  for (const s of [0, 1]) {
    slos.push(
      sloEntity({
        name: `${serviceName(s)}-availability`,
        service: serviceName(s),
        signal: 'availability',
        window: 'rolling30',
        target: 0.999,
      }),
    );
  }
  return [...components, ...slos];
}

/** The plugin's own resolution of SLO entities, from an in-memory catalog. */
export async function resolveDefinitions(
  entities: Entity[],
): Promise<SloDefinition[]> {
  const catalog = {
    getEntities: async () => ({ items: entities }),
  } as unknown as CatalogService;
  const auth = {
    getOwnServiceCredentials: async () => ({
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'service', subject: 'plugin:slo' },
    }),
  } as unknown as AuthService;
  return loadSloDefinitions({
    catalog,
    auth,
    defaults: { warnAt: 0.5, freezeAt: 0.9 },
  });
}
