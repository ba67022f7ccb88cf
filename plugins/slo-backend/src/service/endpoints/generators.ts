import { NotFoundError } from '@backstage/errors';
import { spanMetricsNames } from '@steward/plugin-service-graph-common';
import {
  alertWindowsFromPolicy,
  generateGrafanaDashboard,
  generatePrometheusRules,
  OpenSloSliSpec,
  prometheusRulesToYaml,
  SloEvaluation,
} from '@steward/plugin-slo-common';
import express from 'express';
import { Knex } from 'knex';
import { z } from 'zod';
import { SloConfig } from '../../config';
import { readStatuses } from '../../database/operations/readStatuses';
import { SloStatusRow } from '../../database/tables';
import { entityRef, parseRequest } from '../summaries';

type StoredDefinition = {
  serviceName: string;
  indicator?: { spec: OpenSloSliSpec };
  policies?: Array<{ name: string; spec: any }>;
};

/** What the generators need of a stored SLO, or undefined when it has no SLI. */
function rulesInput(row: SloStatusRow) {
  const definition = JSON.parse(row.definition) as StoredDefinition;
  const evaluation = JSON.parse(row.evaluation) as SloEvaluation;
  if (!definition.indicator || evaluation.window.periodMs <= 0)
    return undefined;
  const periodMs = evaluation.window.periodMs;
  return {
    slo: {
      name: row.slo_ref.split('/').pop()!,
      displayName: row.display_name,
      service: definition.serviceName,
      objective: evaluation.objective,
      periodMs,
    },
    sli: definition.indicator.spec,
    alertWindows: definition.policies?.length
      ? alertWindowsFromPolicy({ policies: definition.policies, periodMs })
      : undefined,
  };
}

const sloParams = z.object({
  namespace: z.string().min(1).max(255),
  name: z.string().min(1).max(255),
});

/**
 * `GET /v1/slos/:namespace/:name/prometheus-rules`: Sloth-shaped recording
 * and multiwindow alerting rules for the SLO, as a Prometheus rule file.
 * Trace-based SLIs are written over the spanmetrics connector's series,
 * named as `serviceGraph.prometheus.spanMetrics` says when the service
 * graph is read from Prometheus.
 */
export function getPrometheusRules(options: {
  knex: Knex;
  config: SloConfig;
}): express.RequestHandler {
  const source = options.config.serviceGraphSource;
  const spanMetrics =
    source.type === 'prometheus'
      ? spanMetricsNames(source.metrics.spanMetrics)
      : undefined;
  return async (req, res) => {
    const { namespace, name } = parseRequest(sloParams, req.params);
    const sloRef = `slo:${namespace}/${name}`.toLocaleLowerCase('en-US');
    const [row] = await readStatuses(options.knex, { sloRefs: [sloRef] });
    const input = row && rulesInput(row);
    if (!input)
      throw new NotFoundError(`No evaluated SLO ${sloRef} with an SLI`);
    res
      .type('application/yaml')
      .send(
        prometheusRulesToYaml(
          generatePrometheusRules({ ...input, spanMetrics }),
        ),
      );
  };
}

/**
 * `GET /v1/dashboards/grafana?entityRef`: a Grafana dashboard of every SLO
 * of one Component, over the recording rules above.
 */
export function getGrafanaDashboard(options: {
  knex: Knex;
}): express.RequestHandler {
  return async (req, res) => {
    const query = parseRequest(z.object({ entityRef }).strict(), req.query);
    const rows = await readStatuses(options.knex, {
      entityRefs: [query.entityRef],
    });
    const slos = rows.flatMap(row => {
      const input = rulesInput(row);
      return input ? [{ ...input.slo, alertWindows: input.alertWindows }] : [];
    });
    if (slos.length === 0) {
      throw new NotFoundError(`No evaluated SLOs for ${query.entityRef}`);
    }
    res.json(generateGrafanaDashboard({ service: slos[0].service, slos }));
  };
}
