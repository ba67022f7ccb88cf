import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { trace as otel } from '@opentelemetry/api';
import {
  IncomingAlert,
  RoutedOnCall,
  RoutedSloContext,
  walkTrace,
} from '@steward/plugin-ownership-common';
import { ServiceGraphApi, Trace } from '@steward/plugin-service-graph-common';
import { SloApi } from '@steward/plugin-slo-common';
import { Knex } from 'knex';
import { OwnershipConfig } from '../config';
import { RoutingDecisionRow } from '../database/tables';
import { ExemplarSource } from './PrometheusExemplars';
import { RoutingOnCall } from './RoutingOnCall';
import { ServiceDirectory, ServiceEntry } from './ServiceDirectory';

const tracer = otel.getTracer('@steward/plugin-ownership-backend');

/**
 * Milliseconds spent in each phase of routing one alert; only in the answer
 * to the alert, not stored.
 */
export type RoutingPhases = {
  /** Finding and reading the trace (by id, exemplar or search) and decoding it. */
  traceFetchMs: number;
  walkMs: number;
  /** The culprit's Component and owner, from the catalog snapshot. */
  ownerMs: number;
  oncallMs: number;
  /** The SLO's status, for SLO alerts. */
  sloMs: number;
  /** Grouping with earlier decisions and recording this one. */
  writeMs: number;
  /** Backstage notification and the outbound webhook. */
  notifyMs: number;
};
/** What routing decided for one alert, as stored and served. */
export type RoutingDecision = {
  id: number;
  receivedAt: number;
  alertName: string;
  status: 'firing' | 'resolved';
  traceId?: string;
  alertService?: string;
  culpritService?: string;
  entityRef?: string;
  ownerRef?: string;
  oncall?: RoutedOnCall;
  explanation: string[];
  duplicateOf?: number;
  tracePath: string[];
  runbookUrl?: string;
  slo?: SloContext;
  /**
   * Milliseconds from receipt to the decision (trace fetch, walk, owner and
   * on-call lookup), before it is recorded and delivered; only in the answer
   * to the alert, not stored.
   */
  decidedInMs?: number;
  phasesMs?: RoutingPhases;
};

/** The SLO an alert is about, as delivered with it. */
export type SloContext = RoutedSloContext;

type AlertRouterOptions = {
  knex: Knex;
  config: OwnershipConfig;
  directory: ServiceDirectory;
  oncall: RoutingOnCall;
  serviceGraph: ServiceGraphApi;
  /** Reads the status of the SLO an alert names; without it only what the alert carries is sent. */
  slo?: SloApi;
  /** Exemplar trace ids for alerts that carry no trace id. */
  exemplars?: ExemplarSource;
  notifications: NotificationService;
  logger: LoggerService;
};

/**
 * Routes alerts to the team that owns the failing service: finds a trace of
 * the alert (its own trace id, else the latest erroring trace through the
 * alert's service and operation), walks it down the erroring spans to the
 * culprit, resolves the culprit's Component, owner and current on-call, and
 * delivers to the owner (Backstage notifications, and an optional webhook)
 * with the trace path, runbook and context. Repeats at the same culprit
 * within the dedupe window are grouped into the first decision. Every
 * decision is recorded with its explanation.
 */
export class AlertRouter {
  private constructor(private readonly options: AlertRouterOptions) {}

  static create(options: AlertRouterOptions): AlertRouter {
    return new AlertRouter(options);
  }

  route(
    alert: IncomingAlert,
    nowMs: number = Date.now(),
  ): Promise<RoutingDecision> {
    return tracer.startActiveSpan('route alert', async span => {
      span.setAttribute('steward.alert', alert.name);
      try {
        return await this.routeAlert(alert, nowMs);
      } finally {
        span.end();
      }
    });
  }

  private async routeAlert(
    alert: IncomingAlert,
    nowMs: number,
  ): Promise<RoutingDecision> {
    const started = performance.now();
    let mark = started;
    const lap = () => {
      const at = performance.now();
      const ms = at - mark;
      mark = at;
      return ms;
    };
    const explanation: string[] = [];
    const found = await this.findTrace(alert, nowMs, explanation);
    const traceFetchMs = lap();

    let culpritService = alert.service;
    let path: string[] = [];
    const walk = found
      ? walkTrace({
          trace: found,
          signal: alert.service
            ? { service: alert.service, operation: alert.operation }
            : undefined,
        })
      : undefined;
    if (walk) {
      culpritService = walk.culprit.service;
      path = walk.path.map(s => `${s.service}/${s.name}`);
      explanation.push(...walk.explanation);
    }
    const walkMs = lap();

    let target: ServiceEntry | undefined = culpritService
      ? await this.options.directory.service(culpritService)
      : undefined;
    if (culpritService && !target) {
      explanation.push(
        `No Component has service name ${culpritService} (annotation steward.dev/service-name or entity name).`,
      );
    }
    if (!target && alert.service && alert.service !== culpritService) {
      target = await this.options.directory.service(alert.service);
      if (target) {
        explanation.push(
          `Falling back to the owner of the alert's own service, ${alert.service}.`,
        );
      }
    }
    if (!found && target) {
      explanation.push(
        `Sent to the owner of the alert's own service, ${target.serviceName}, without a trace.`,
      );
    }

    const ownerMs = lap();
    if (target?.ownerRef) {
      explanation.push(`${target.entityRef} is owned by ${target.ownerRef}.`);
    } else {
      explanation.push(
        'No owner found: the alert is recorded but not delivered.',
      );
    }
    const oncall = target?.ownerRef
      ? await this.onCall(target.ownerRef, nowMs, explanation)
      : undefined;
    if (oncall?.current) {
      explanation.push(`The on-call now is ${oncall.current}.`);
    }
    const oncallMs = lap();
    const runbookUrl = alert.runbookUrl ?? target?.runbookUrl;
    const slo = await this.sloContext(alert, explanation);
    const sloMs = lap();

    const decidedInMs = performance.now() - started;

    const groupKey = `${target?.entityRef ?? culpritService ?? 'unknown'}|${
      alert.name
    }|${alert.status}`;
    const original = await this.options
      .knex<RoutingDecisionRow>('ownership_routing_decisions')
      .where({ group_key: groupKey })
      .whereNull('duplicate_of')
      .andWhere(
        'received_at',
        '>=',
        nowMs - this.options.config.routing.dedupeWindowMs,
      )
      .orderBy('received_at', 'desc')
      .first();
    if (original) {
      explanation.push(
        `Grouped with decision ${
          original.id
        }: the same alert at the same service within ${
          this.options.config.routing.dedupeWindowMs / 60_000
        } minutes.`,
      );
      await this.options
        .knex('ownership_routing_decisions')
        .where({ id: original.id })
        .increment('repeats', 1);
    }

    const row: RoutingDecisionRow = {
      received_at: nowMs,
      source: alert.source,
      alert_name: alert.name,
      status: alert.status,
      fingerprint: alert.fingerprint,
      group_key: groupKey,
      duplicate_of: original?.id ?? null,
      repeats: 0,
      trace_id: found?.traceId ?? null,
      alert_service: alert.service ?? null,
      culprit_service: culpritService ?? null,
      entity_ref: target?.entityRef ?? null,
      owner_ref: target?.ownerRef ?? null,
      oncall: oncall ? JSON.stringify(oncall) : null,
      explanation: JSON.stringify(explanation),
      alert: JSON.stringify({ ...alert, tracePath: path, slo }),
      acknowledged_at: null,
      actioned: false,
      runbook_url: runbookUrl ?? null,
    };
    const [inserted] = await this.options
      .knex('ownership_routing_decisions')
      .insert(row, ['id']);
    const id = Number(typeof inserted === 'object' ? inserted.id : inserted);

    const decision: RoutingDecision = {
      id,
      receivedAt: nowMs,
      alertName: alert.name,
      status: alert.status,
      traceId: found?.traceId,
      alertService: alert.service,
      culpritService,
      entityRef: target?.entityRef,
      ownerRef: target?.ownerRef,
      oncall,
      explanation,
      duplicateOf: original?.id,
      tracePath: path,
      runbookUrl,
      slo,
    };
    const writeMs = lap();
    if (!original && target?.ownerRef) {
      await this.deliver(decision, { alert, target });
    }
    const notifyMs = lap();
    return {
      ...decision,
      decidedInMs,
      phasesMs: {
        traceFetchMs,
        walkMs,
        ownerMs,
        oncallMs,
        sloMs,
        writeMs,
        notifyMs,
      },
    };
  }

  private async findTrace(
    alert: IncomingAlert,
    nowMs: number,
    explanation: string[],
  ): Promise<Trace | undefined> {
    const { serviceGraph } = this.options;
    if (alert.traceId) {
      const byId = await serviceGraph.getTrace(alert.traceId);
      if (byId) {
        explanation.push(`Trace ${alert.traceId} came with the alert.`);
        return byId;
      }
      explanation.push(
        `Trace ${alert.traceId} came with the alert but is not in the trace source.`,
      );
    }
    const fromExemplar = await this.exemplarTrace(alert, nowMs, explanation);
    if (fromExemplar) {
      return fromExemplar;
    }
    if (!alert.service) {
      explanation.push(
        'The alert names no service, so no trace could be searched.',
      );
      return undefined;
    }
    // An erroring trace from before the alert's incident window belongs to
    // an earlier incident (say, the last outage of another dependency): the
    // search starts at the window before the alert started, within the
    // lookback.
    const { traceLookbackMs, incidentWindowMs, traceWaitMs } =
      this.options.config.routing;
    const fromMs = Math.max(
      nowMs - traceLookbackMs,
      Math.min(alert.startsAtMs, nowMs) - incidentWindowMs,
    );
    let latest = await this.latestErrorTrace(alert, fromMs, nowMs);
    if (!latest && traceWaitMs > 0) {
      // An SLO alert can fire on counts that are in before the trace source
      // has gathered the traces behind them: wait for those once.
      await new Promise(resolve => setTimeout(resolve, traceWaitMs));
      latest = await this.latestErrorTrace(alert, fromMs, nowMs + traceWaitMs);
    }
    const through = `${alert.service}${
      alert.operation ? ` ${alert.operation}` : ''
    }`;
    explanation.push(
      latest
        ? `Trace ${latest.traceId} is the latest erroring trace through ${through}.`
        : `No erroring trace through ${through} since ${new Date(
            fromMs,
          ).toISOString()}.`,
    );
    return latest;
  }

  private async latestErrorTrace(
    alert: IncomingAlert,
    fromMs: number,
    toMs: number,
  ): Promise<Trace | undefined> {
    const { serviceGraph } = this.options;
    const { traceIds } = await serviceGraph.searchErrorTraces({
      service: alert.service!,
      operation: alert.operation,
      from: fromMs,
      to: toMs,
      limit: 1,
    });
    return traceIds[0] ? serviceGraph.getTrace(traceIds[0]) : undefined;
  }

  private async exemplarTrace(
    alert: IncomingAlert,
    nowMs: number,
    explanation: string[],
  ): Promise<Trace | undefined> {
    const { exemplars, serviceGraph } = this.options;
    if (!exemplars || !alert.expression || alert.traceId) {
      return undefined;
    }
    try {
      const traceId = await exemplars.latestTraceId({
        expression: alert.expression,
        fromMs: nowMs - this.options.config.routing.traceLookbackMs,
        toMs: nowMs,
      });
      if (!traceId) {
        explanation.push(
          `Prometheus has no exemplar with a trace id for ${alert.expression}.`,
        );
        return undefined;
      }
      const found = await serviceGraph.getTrace(traceId);
      explanation.push(
        found
          ? `Trace ${traceId} is the latest exemplar of the alert's expression in Prometheus.`
          : `Trace ${traceId}, an exemplar of the alert's expression, is not in the trace source.`,
      );
      return found;
    } catch (error) {
      explanation.push(`Exemplars could not be read from Prometheus: ${error}`);
      return undefined;
    }
  }

  private async sloContext(
    alert: IncomingAlert,
    explanation: string[],
  ): Promise<SloContext | undefined> {
    if (!alert.sloRef) {
      return undefined;
    }
    const carried: SloContext = { sloRef: alert.sloRef, ...alert.slo };
    if (!this.options.slo) {
      return carried;
    }
    try {
      const status = await this.options.slo.getSlo(alert.sloRef);
      return {
        ...carried,
        title: status.title,
        objective: status.objective,
        budgetRemaining: status.budgetRemaining ?? carried.budgetRemaining,
        state: status.state,
      };
    } catch (error) {
      explanation.push(
        `The status of ${alert.sloRef} could not be read from the SLO plugin: ${error}`,
      );
      return carried;
    }
  }

  private async onCall(
    ownerRef: string,
    nowMs: number,
    explanation: string[],
  ): Promise<RoutedOnCall | undefined> {
    const group = await this.options.directory.group(ownerRef);
    if (!group) {
      explanation.push(
        `${ownerRef} is not a Group in the catalog, so it has no on-call.`,
      );
      return undefined;
    }
    return this.options.oncall.resolve({ group, nowMs, explanation });
  }

  private async deliver(
    decision: RoutingDecision,
    context: { alert: IncomingAlert; target: ServiceEntry },
  ): Promise<void> {
    const { alert, target } = context;
    const { tracePath: path, runbookUrl, slo } = decision;
    const title =
      alert.status === 'firing'
        ? `${alert.name}: ${target.serviceName} is failing`
        : `Resolved: ${alert.name} at ${target.serviceName}`;
    const description = [
      alert.summary,
      path.length ? `Trace path: ${path.join(' → ')}` : undefined,
      decision.oncall?.current
        ? `On call: ${decision.oncall.current}`
        : undefined,
      runbookUrl ? `Runbook: ${runbookUrl}` : undefined,
      slo ? describeSlo(slo) : undefined,
    ]
      .filter(Boolean)
      .join('\n');
    await this.options.notifications.send({
      recipients: { type: 'entity', entityRef: decision.ownerRef! },
      payload: {
        title,
        description,
        link: runbookUrl,
        severity:
          alert.status === 'firing' && alert.severity === 'page'
            ? 'critical'
            : 'high',
        topic: 'steward-alert',
        scope: `steward-alert:${decision.id}`,
      },
    });
    const webhookUrl = this.options.config.routing.webhookUrl;
    if (webhookUrl) {
      try {
        const response = await fetch(webhookUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ ...decision, alert }),
          signal: AbortSignal.timeout(5000),
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
      } catch (error) {
        this.options.logger.warn(
          `Routing webhook ${webhookUrl} failed: ${error}`,
        );
      }
    }
  }
}

function describeSlo(slo: SloContext): string {
  const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
  return [
    `SLO: ${slo.title ? `${slo.title} (${slo.sloRef})` : slo.sloRef}`,
    slo.objective !== undefined ? `, objective ${percent(slo.objective)}` : '',
    slo.budgetRemaining !== undefined
      ? `, ${percent(slo.budgetRemaining)} of the error budget left`
      : '',
    slo.burnRate !== undefined
      ? `, burning at ${slo.burnRate.toFixed(1)}×${
          slo.factor !== undefined
            ? ` (alert at ${Number(slo.factor.toFixed(1))}×)`
            : ''
        }`
      : '',
  ].join('');
}
