import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import {
  CountWindow,
  EventCounts,
  STEWARD_SERVICE_GRAPH_SOURCE,
  windowKey,
} from '@steward/plugin-slo-common';
import { Knex } from 'knex';
import {
  loadSloDefinitions,
  SloDefinition,
} from '../catalog/loadSloDefinitions';
import { readSloConfig } from '../config';
import { applyDatabaseMigrations } from '../database/migrations';
import { SloCounts, SliSource } from '../sli/SliSource';
import { SloEvaluator } from './SloEvaluator';

const NOW = Date.UTC(2026, 10, 21, 12, 0);

function slo(name: string, operation: string): Entity {
  const source = {
    metricSource: {
      type: STEWARD_SERVICE_GRAPH_SOURCE,
      spec: { operation, signal: 'availability' },
    },
  };
  return {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name },
    spec: {
      service: 'payment',
      indicator: {
        metadata: { name: `${name}-sli` },
        spec: { ratioMetric: { counter: true, good: source, total: source } },
      },
      timeWindow: [{ duration: '30d', isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ target: 0.999 }],
    },
  } as unknown as Entity;
}

async function definitions(entities: Entity[]): Promise<SloDefinition[]> {
  const component: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payment' },
    spec: { type: 'service', lifecycle: 'production', owner: 'checkout' },
  };
  return loadSloDefinitions({
    catalog: {
      getEntities: async () => ({ items: [component, ...entities] }),
    } as unknown as CatalogService,
    auth: {
      getOwnServiceCredentials: async () => ({}),
    } as unknown as AuthService,
    defaults: { warnAt: 0.5, freezeAt: 0.9 },
  });
}

/**
 * Counts every window alike, except for the SLOs it says it cannot count,
 * as a source does for an untracked latency threshold.
 */
class UniformSource implements SliSource {
  unsupported = new Set<string>();
  handles(): boolean {
    return true;
  }
  async fetchCounts(options: {
    slos: SloDefinition[];
    windows: CountWindow[];
  }): Promise<SloCounts> {
    return new Map(
      options.slos.map(d => [
        d.sloRef,
        this.unsupported.has(d.sloRef)
          ? 'not counted here'
          : new Map<string, EventCounts>(
              options.windows.map(w => [
                windowKey(w),
                { good: 9_990, total: 10_000 },
              ]),
            ),
      ]),
    );
  }
}

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())('SloEvaluator on %s', databaseId => {
  let knex: Knex;
  const logger: LoggerService = {
    error: () => {},
    warn: () => {},
    info: () => {},
    debug: () => {},
    child: () => logger,
  };
  const events = {
    publish: async () => {},
    subscribe: async () => {},
  } as unknown as EventsService;

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
  });

  it('marks only the SLO its source cannot count unsupported', async () => {
    const source = new UniformSource();
    source.unsupported.add('slo:default/refund');
    const evaluator = SloEvaluator.create({
      knex,
      sources: [source],
      config: readSloConfig(new ConfigReader({})),
      events,
      logger,
    });
    // Both SLOs share one plan; one being unsupported must not leak.
    const results = await evaluator.evaluate(
      await definitions([slo('pay', 'POST /pay'), slo('refund', 'POST /r')]),
      NOW,
    );
    const state = Object.fromEntries(
      results.map(r => [r.definition.sloRef, r.evaluation.state]),
    );
    expect(state).toEqual({
      'slo:default/pay': 'ok',
      'slo:default/refund': 'unsupported',
    });
  });
});
