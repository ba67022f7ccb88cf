import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  MetricsDeploy,
  OrgMetrics,
  OrgMetricsSeries,
  auditDocs,
  docsStatus,
  orgMetrics,
  validateOnCallSpec,
} from '@steward/plugin-ownership-common';
import { ServiceGraphApi } from '@steward/plugin-service-graph-common';
import { SloApi } from '@steward/plugin-slo-common';
import { Knex } from 'knex';
import { OwnershipConfig } from '../config';
import { deleteOrgSnapshotsBefore } from '../database/deleteOrgSnapshotsBefore';
import { insertOrgSnapshot } from '../database/insertOrgSnapshot';
import { readDecisions } from '../database/operations/readDecisions';
import { readPostmortems } from '../database/operations/readPostmortems';
import { readOrgSnapshot } from '../database/readOrgSnapshot';
import { OnCallService } from '../oncall/OnCallService';
import { ServiceDirectory } from '../routing/ServiceDirectory';
import { OrgState, orgMetricsState } from './OrgState';

const WEEK_MS = 7 * 24 * 3_600_000;
const DAY_MS = 24 * 3_600_000;
const SERVICE_NAME_ANNOTATION = 'steward.dev/service-name';

export interface OrgMetricsService {
  /**
   * Org metrics at `points` moments `stepWeeks` apart, oldest first, each
   * over the `weeks` before it.
   */
  series(options: {
    nowMs: number;
    weeks: number;
    points: number;
    stepWeeks: number;
  }): Promise<OrgMetricsSeries>;
  /** Records the Components' state now; returns how many Components. */
  snapshot(options: { nowMs: number }): Promise<{ components: number }>;
}

type OrgMetricsServiceOptions = {
  knex: Knex;
  config: OwnershipConfig;
  directory: ServiceDirectory;
  oncall: OnCallService;
  slo: SloApi;
  serviceGraph: ServiceGraphApi;
  logger: LoggerService;
};

const entityRef = (ref: string, defaultKind: string, namespace = 'default') =>
  stringifyEntityRef(
    parseEntityRef(ref, { defaultKind, defaultNamespace: namespace }),
  );

/**
 * Org metrics over time. Alerts, incidents (postmortems) and deploys are
 * recorded with their times and are read for each moment. The Components'
 * state (owner, docs, SLOs, traces seen, on-call) is the catalog's and the
 * other plugins' now; past moments take it from the daily snapshot
 * (`snapshot`, run by a scheduled task) taken last before them, and have
 * no shares where none was taken.
 */
export class DefaultOrgMetricsService implements OrgMetricsService {
  private constructor(private readonly options: OrgMetricsServiceOptions) {}

  static create(options: OrgMetricsServiceOptions): OrgMetricsService {
    return new DefaultOrgMetricsService(options);
  }

  async series(options: {
    nowMs: number;
    weeks: number;
    points: number;
    stepWeeks: number;
  }): Promise<OrgMetricsSeries> {
    const { knex, config } = this.options;
    const { nowMs, weeks, points, stepWeeks } = options;
    const problems: string[] = [];
    const now = await this.currentState(nowMs, problems);

    const deploys = (
      await Promise.all(
        now.components.map(c =>
          this.options.slo.getDeploys(c.ref).then(
            ({ items }): MetricsDeploy[] =>
              items.map(d => ({
                service: c.ref,
                atMs: d.deployedAt,
                failed: d.failed,
              })),
            error => {
              problems.push(`deploys of ${c.ref}: ${error}`);
              return [];
            },
          ),
        ),
      )
    ).flat();
    const oldestMs = nowMs - ((points - 1) * stepWeeks + weeks) * WEEK_MS;
    const alerts = (
      await readDecisions(knex, { status: 'firing', fromMs: oldestMs })
    ).flatMap(d =>
      d.entityRef
        ? [{ service: d.entityRef, at: d.receivedAt, actioned: d.actioned }]
        : [],
    );
    const postmortems = (await readPostmortems(knex, {})).map(p => ({
      ...p.document,
      id: String(p.id),
    }));

    const series: OrgMetrics[] = [];
    let missing = 0;
    for (let k = points - 1; k >= 0; k--) {
      const atMs = nowMs - k * stepWeeks * WEEK_MS;
      const state =
        k === 0
          ? now
          : await readOrgSnapshot({
              knex,
              atMs,
              // One missed run still leaves a snapshot to serve from.
              maxAgeMs: 2 * config.metrics.snapshotFrequencyMinutes * 60_000,
            });
      if (!state) missing++;
      series.push(
        orgMetrics({
          // Without a snapshot, today's owners still tell which team an
          // alert, deploy or incident of the time belongs to.
          ...orgMetricsState(state ?? now),
          stateAtMs: state?.atMs,
          alerts,
          postmortems,
          deploys,
          nowMs: atMs,
          weeks,
        }),
      );
    }
    if (missing) {
      problems.push(
        `No snapshot of the Components' state (the task ownership-org-snapshot) was taken shortly before ${missing} of the ${points} moments: their shares are left out.`,
      );
    }
    return { series, problems: [...new Set(problems)] };
  }

  async snapshot(options: { nowMs: number }): Promise<{ components: number }> {
    const { knex, config, logger } = this.options;
    const problems: string[] = [];
    const state = await this.currentState(options.nowMs, problems);
    for (const problem of problems) {
      logger.warn(`Org snapshot: ${problem}; recorded as not known`);
    }
    await insertOrgSnapshot({ knex, state });
    await deleteOrgSnapshotsBefore({
      knex,
      beforeMs: options.nowMs - config.metrics.historyDays * DAY_MS,
    });
    return { components: state.components.length };
  }

  /** The Components' state now; a source that cannot be read is named in `problems`. */
  private async currentState(
    nowMs: number,
    problems: string[],
  ): Promise<OrgState> {
    const { directory, config, slo, serviceGraph } = this.options;
    const { components, groups } = await directory.entities();
    const groupRefs = new Set(groups.map(g => stringifyEntityRef(g)));
    const byServiceName = new Map<string, string>();
    for (const entity of components) {
      byServiceName.set(
        entity.metadata.annotations?.[SERVICE_NAME_ANNOTATION] ??
          entity.metadata.name,
        stringifyEntityRef(entity),
      );
    }
    const lower = (ref: string) => ref.toLocaleLowerCase('en-US');
    const [withSlo, tracesSeen] = await Promise.all([
      slo.listSlos().then(
        ({ items }) => {
          // The catalog compares refs case-insensitively.
          const sloRefs = new Set(
            items.map(s => lower(entityRef(s.entityRef, 'component'))),
          );
          return components
            .map(e => stringifyEntityRef(e))
            .filter(ref => sloRefs.has(lower(ref)));
        },
        error => {
          problems.push(`SLOs from the SLO plugin: ${error}`);
          return undefined;
        },
      ),
      serviceGraph.getDependencies({ from: nowMs - WEEK_MS, to: nowMs }).then(
        ({ dependencies }) =>
          [...new Set(dependencies.flatMap(d => [d.parent, d.child]))]
            .map(name => byServiceName.get(name))
            .filter((ref): ref is string => ref !== undefined),
        error => {
          problems.push(`services seen by the service graph: ${error}`);
          return undefined;
        },
      ),
    ]);
    return {
      atMs: nowMs,
      components: components.map(entity => {
        const owner = entity.spec?.owner as string | undefined;
        return {
          ref: stringifyEntityRef(entity),
          owner: owner
            ? entityRef(owner, 'group', entity.metadata.namespace)
            : undefined,
          docs: docsStatus(
            auditDocs({
              entity,
              now: nowMs,
              policy: { ...config.docs, groupRefs },
            }),
          ),
        };
      }),
      groups: groups.map(group => ({
        ref: stringifyEntityRef(group),
        hasOnCall: this.hasOnCall(group),
      })),
      withSlo,
      tracesSeen,
    };
  }

  /** A rotation in `spec.oncall`, or schedules at PagerDuty or Opsgenie. */
  private hasOnCall(group: Entity): boolean {
    if (this.options.oncall.providerOf(group) !== 'builtin') return true;
    const parsed = validateOnCallSpec(
      (group.spec as { oncall?: unknown } | undefined)?.oncall,
      { namespace: group.metadata.namespace },
    );
    return parsed.ok && parsed.value.rotations.length > 0;
  }
}
