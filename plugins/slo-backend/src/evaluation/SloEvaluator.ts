import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { trace } from '@opentelemetry/api';
import {
  alertWindowsFromPolicy,
  durationMs,
  evaluateSlo,
  EventCounts,
  planSloEvaluation,
  resolveWindow,
  SLO_ALERTS_TOPIC,
  SloAlertEvent,
  SloEvaluation,
  SloPlan,
  StewardServiceGraphSourceSpec,
  windowsOfPlans,
} from '@steward/plugin-slo-common';
import { Knex } from 'knex';
import { SloDefinition } from '../catalog/loadSloDefinitions';
import { SloConfig } from '../config';
import { insertAlertEvents } from '../database/operations/alertEvents';
import { readFiringAlerts } from '../database/operations/readStatuses';
import { saveStatuses } from '../database/operations/saveStatuses';
import { SloAlertEventRow } from '../database/tables';
import { SliSource } from '../sli/SliSource';

const tracer = trace.getTracer('@steward/plugin-slo-backend');

type Planned = {
  definition: SloDefinition;
  plan?: SloPlan;
  source?: SliSource;
};

/**
 * Evaluates every SLO: plans the windows each needs, fetches the counts of
 * all distinct windows from each SLI source in one batch, evaluates, stores
 * the statuses and records and publishes alert state changes.
 */
export class SloEvaluator {
  private constructor(
    private readonly options: {
      knex: Knex;
      sources: SliSource[];
      config: SloConfig;
      events: EventsService;
      logger: LoggerService;
    },
  ) {}

  static create(options: {
    knex: Knex;
    sources: SliSource[];
    config: SloConfig;
    events: EventsService;
    logger: LoggerService;
  }): SloEvaluator {
    return new SloEvaluator(options);
  }

  async evaluate(
    definitions: SloDefinition[],
    nowMs: number = Date.now(),
  ): Promise<Array<{ definition: SloDefinition; evaluation: SloEvaluation }>> {
    return tracer.startActiveSpan('slo evaluate', async span => {
      span.setAttribute('steward.slos', definitions.length);
      const startedMs = Date.now();
      try {
        // SLOs with the same window and alert policies share one plan.
        const plans = new Map<string, SloPlan | undefined>();
        const planned = definitions.map(d => this.plan(d, nowMs, plans));
        const counts = await this.fetchCounts(planned);
        const results = planned.map(p => ({
          definition: p.definition,
          evaluation: this.evaluateOne(
            p,
            counts.get(p.definition.sloRef),
            nowMs,
          ),
        }));
        const previous = await readFiringAlerts(this.options.knex);
        await saveStatuses(this.options.knex, { results });
        await this.recordAlertChanges(previous, results, nowMs);
        // One line per round: with several replicas, the log shows that
        // each round ran on one of them.
        this.options.logger.info(
          `SLO evaluation round: ${results.length} SLOs in ${
            Date.now() - startedMs
          } ms`,
        );
        return results;
      } finally {
        span.end();
      }
    });
  }

  private plan(
    definition: SloDefinition,
    nowMs: number,
    plans: Map<string, SloPlan | undefined>,
  ): Planned {
    const { slo } = definition;
    const timeWindow = slo.spec.timeWindow[0];
    const objective = slo.spec.objectives[0];
    const source = this.options.sources.find(s => s.handles(definition));
    if (!source || definition.problems.length > 0) {
      return { definition, source };
    }
    const timeSliceWindowMs =
      slo.spec.budgetingMethod !== 'Occurrences' &&
      objective.timeSliceWindow !== undefined
        ? durationMs(objective.timeSliceWindow)
        : undefined;
    const key = JSON.stringify([
      timeWindow,
      definition.policies,
      timeSliceWindowMs,
    ]);
    if (!plans.has(key)) {
      plans.set(key, this.newPlan(definition, nowMs, timeSliceWindowMs));
    }
    return { definition, plan: plans.get(key), source };
  }

  private newPlan(
    definition: SloDefinition,
    nowMs: number,
    timeSliceWindowMs: number | undefined,
  ): SloPlan | undefined {
    const timeWindow = definition.slo.spec.timeWindow[0];
    const window = resolveWindow({ timeWindow, nowMs });
    if (!window) return undefined;
    return planSloEvaluation({
      timeWindow,
      nowMs,
      alertWindows:
        definition.policies.length > 0
          ? alertWindowsFromPolicy({
              policies: definition.policies,
              periodMs: window.periodMs,
            })
          : undefined,
      timeSliceWindowMs,
      quartersOfHistory: this.options.config.evaluation.quartersOfHistory,
    });
  }

  /**
   * Counts every planned SLO, one batch per source. A source that fails, or
   * cannot count an SLO, marks those SLOs unsupported with the reason
   * instead of failing the whole evaluation.
   */
  private async fetchCounts(
    planned: Planned[],
  ): Promise<Map<string, Map<string, EventCounts>>> {
    const counts = new Map<string, Map<string, EventCounts>>();
    for (const source of this.options.sources) {
      const mine = planned.filter(
        p => p.source === source && p.plan && !p.plan.unsupported,
      );
      if (mine.length === 0) continue;
      // Closed periods (past days and quarters) are not kept here: the
      // source keeps what it can keep exactly (see the service graph's
      // closed-period sums), so backfilled spans count.
      try {
        const fetched = await source.fetchCounts({
          slos: mine.map(p => p.definition),
          windows: windowsOfPlans(unique(mine.map(p => p.plan!))),
        });
        for (const p of mine) {
          const ref = p.definition.sloRef;
          const result = fetched.get(ref);
          // Plans are shared: a copy says one SLO is unsupported.
          if (typeof result === 'string')
            p.plan = { ...p.plan!, unsupported: result };
          else if (result) counts.set(ref, result);
        }
      } catch (error) {
        this.options.logger.warn(`SLI source failed: ${error}`);
        for (const p of mine)
          p.plan = { ...p.plan!, unsupported: `SLI source failed: ${error}` };
      }
    }
    return counts;
  }

  private evaluateOne(
    planned: Planned,
    counts: Map<string, EventCounts> | undefined,
    nowMs: number,
  ): SloEvaluation {
    const { definition, plan } = planned;
    const reason = [
      ...definition.problems,
      ...(planned.source ? [] : ['no SLI source counts this indicator']),
    ].join('; ');
    const unsupportedPlan: SloPlan = plan ?? {
      window: { fromMs: nowMs, toMs: nowMs, periodMs: 0 },
      burnWindows: [],
      alertWindows: [],
      days: [],
      quarters: [],
      unsupported: reason || 'the SLO window cannot be resolved',
    };
    return evaluateSlo({
      plan: unsupportedPlan,
      counts: counts ?? new Map(),
      objective: definition.objective,
      budgetingMethod: definition.slo.spec.budgetingMethod,
      timeSliceTarget: definition.timeSliceTarget,
      policy: definition.policy,
      nowMs,
    });
  }

  /**
   * Compares each alert's firing state with the previous evaluation's and
   * records and publishes the changes. The SLO's own stored status is the
   * previous state, so one evaluation across replicas records each change
   * once.
   */
  private async recordAlertChanges(
    previous: Map<string, Set<string>>,
    results: Array<{ definition: SloDefinition; evaluation: SloEvaluation }>,
    nowMs: number,
  ): Promise<void> {
    const rows: SloAlertEventRow[] = [];
    const events: SloAlertEvent[] = [];
    for (const { definition, evaluation } of results) {
      const before = previous.get(definition.sloRef);
      for (const alert of evaluation.alerts) {
        const wasFiring = before?.has(alert.name) ?? false;
        if (alert.firing === wasFiring) continue;
        const state = alert.firing ? 'firing' : 'resolved';
        rows.push({
          slo_ref: definition.sloRef,
          entity_ref: definition.entityRef,
          owner_ref: definition.ownerRef ?? null,
          alert: alert.name,
          severity: alert.severity,
          state,
          at: nowMs,
          long_burn: alert.longBurn ?? null,
          short_burn: alert.shortBurn ?? null,
          factor: alert.factor,
          // On firing: the share consumed before the burn began (the long
          // window holds the episode so far); on resolving: the share
          // consumed by then. Their difference is what the episode spent.
          budget_consumed: consumedAt(
            evaluation,
            alert.firing ? alert.longBad : 0,
          ),
        });
        const indicatorSource = (
          definition.indicator?.spec.ratioMetric?.good ??
          definition.indicator?.spec.ratioMetric?.bad
        )?.metricSource.spec as StewardServiceGraphSourceSpec | undefined;
        events.push({
          sloRef: definition.sloRef,
          sloTitle: definition.displayName,
          entityRef: definition.entityRef,
          serviceName: indicatorSource?.service ?? definition.serviceName,
          operation: indicatorSource?.operation,
          ownerRef: definition.ownerRef,
          alert: alert.name,
          severity: alert.severity,
          state,
          at: nowMs,
          factor: alert.factor,
          longBurn: alert.longBurn,
          shortBurn: alert.shortBurn,
          objective: definition.objective,
          budgetRemaining: evaluation.budget.remainingFraction,
        });
      }
    }
    if (rows.length === 0) return;
    await insertAlertEvents(this.options.knex, rows);
    for (const eventPayload of events) {
      await this.options.events.publish({
        topic: SLO_ALERTS_TOPIC,
        eventPayload,
      });
    }
    this.options.logger.info(
      `SLO alerts changed: ${events
        .map(e => `${e.sloRef} ${e.alert} ${e.state}`)
        .join(', ')}`,
    );
  }
}

function consumedAt(
  evaluation: SloEvaluation,
  excludingBad: number,
): number | null {
  const { consumedFraction, allowedBad } = evaluation.budget;
  if (consumedFraction === undefined || allowedBad <= 0) return null;
  return consumedFraction - excludingBad / allowedBad;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
