import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  auditDocs,
  docsStatus,
  MetricsDeploy,
  orgMetrics,
  OrgMetrics,
  validateOnCallSpec,
} from '@steward/plugin-ownership-common';
import { ServiceGraphApi } from '@steward/plugin-service-graph-common';
import { SloApi } from '@steward/plugin-slo-common';
import { Knex } from 'knex';
import { OwnershipConfig } from '../config';
import { readDecisions } from '../database/operations/readDecisions';
import { readPostmortems } from '../database/operations/readPostmortems';
import { ServiceDirectory } from '../routing/ServiceDirectory';

const WEEK_MS = 7 * 24 * 3_600_000;
const SERVICE_NAME_ANNOTATION = 'steward.dev/service-name';

/**
 * Org metrics at `points` moments a `stepWeeks` apart, oldest first, each
 * over the `weeks` before it. Alerts, incidents, deploys and traces seen
 * are read for each moment; ownership, docs, SLOs and rotations are the
 * catalog's state now, which keeps no history. A source that cannot be
 * read (the SLO plugin, the service graph) is left out and named in
 * `problems`.
 */
export async function orgMetricsSeries(options: {
  knex: Knex;
  config: OwnershipConfig;
  directory: ServiceDirectory;
  slo: SloApi;
  serviceGraph: ServiceGraphApi;
  nowMs: number;
  weeks: number;
  points: number;
  stepWeeks: number;
}): Promise<{ series: OrgMetrics[]; problems: string[] }> {
  const { nowMs, weeks, points, stepWeeks } = options;
  const problems: string[] = [];
  const attempt = async <T>(
    what: string,
    fallback: T,
    read: () => Promise<T>,
  ) =>
    read().catch(error => {
      problems.push(`${what}: ${error}`);
      return fallback;
    });

  const { components, groups } = await options.directory.entities();
  const groupRefs = new Set(groups.map(g => stringifyEntityRef(g)));
  const byServiceName = new Map<string, string>();
  const metricsComponents = components.map(entity => {
    const ref = stringifyEntityRef(entity);
    byServiceName.set(
      entity.metadata.annotations?.[SERVICE_NAME_ANNOTATION] ??
        entity.metadata.name,
      ref,
    );
    const owner = entity.spec?.owner as string | undefined;
    return {
      ref,
      owner: owner
        ? stringifyEntityRef(
            parseEntityRef(owner, {
              defaultKind: 'group',
              defaultNamespace: entity.metadata.namespace ?? 'default',
            }),
          )
        : undefined,
      docs: docsStatus(
        auditDocs({
          entity,
          now: nowMs,
          policy: { ...options.config.docs, groupRefs },
        }),
      ),
    };
  });
  const rotations = groups.flatMap(group => {
    const parsed = validateOnCallSpec(
      (group.spec as { oncall?: unknown } | undefined)?.oncall,
      { namespace: group.metadata.namespace },
    );
    return parsed.ok
      ? parsed.value.rotations.map(r => ({
          group: stringifyEntityRef(group),
          name: r.name,
        }))
      : [];
  });
  const slos = await attempt('SLOs from the SLO plugin', [], async () =>
    (await options.slo.listSlos()).items.map(s => ({ service: s.entityRef })),
  );
  const deploys = (
    await Promise.all(
      metricsComponents.map(c =>
        attempt(`deploys of ${c.ref}`, [] as MetricsDeploy[], async () =>
          (
            await options.slo.getDeploys(c.ref)
          ).items.map(d => ({
            service: c.ref,
            atMs: d.deployedAt,
            failed: d.failed,
          })),
        ),
      ),
    )
  ).flat();
  const oldestMs = nowMs - ((points - 1) * stepWeeks + weeks) * WEEK_MS;
  const alerts = (
    await readDecisions(options.knex, { status: 'firing', fromMs: oldestMs })
  ).flatMap(d =>
    d.entityRef
      ? [{ service: d.entityRef, at: d.receivedAt, actioned: d.actioned }]
      : [],
  );
  const postmortems = (await readPostmortems(options.knex, {})).map(p => ({
    ...p.document,
    id: String(p.id),
  }));

  const series: OrgMetrics[] = [];
  for (let k = points - 1; k >= 0; k--) {
    const atMs = nowMs - k * stepWeeks * WEEK_MS;
    const traceSeenServices = await attempt(
      'services seen by the service graph',
      [],
      async () => {
        const { dependencies } = await options.serviceGraph.getDependencies({
          from: atMs - WEEK_MS,
          to: atMs,
        });
        const seen = new Set(dependencies.flatMap(d => [d.parent, d.child]));
        return [...seen].flatMap(name => {
          const ref = byServiceName.get(name);
          return ref ? [{ service: ref, lastSeenMs: atMs }] : [];
        });
      },
    );
    series.push(
      orgMetrics({
        components: metricsComponents,
        groups: [...groupRefs].map(ref => ({ ref })),
        slos,
        traceSeenServices,
        rotations,
        alerts,
        postmortems,
        deploys,
        nowMs: atMs,
        weeks,
      }),
    );
  }
  return { series, problems: [...new Set(problems)] };
}
