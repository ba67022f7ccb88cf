import { AlertWindow, defaultAlertWindows } from '../math/alertWindows';
import { DEFAULT_ERROR_BUDGET_POLICY, ErrorBudgetPolicy } from '../math/gate';
import { roundDecimal } from '../math/precision';
import { BURN_RATE_WINDOWS } from '../evaluation/plan';
import {
  PrometheusRulesSlo,
  SLO_META_RECORDS,
  promqlDuration,
  sliErrorRecord,
  sloRuleIdentity,
  sloRuleSelector,
} from './prometheusRules';
import { promqlMatchers } from '@steward/plugin-service-graph-common';

/** One SLO of a dashboard: what its rules were generated from. @public */
export type GrafanaDashboardSlo = PrometheusRulesSlo & {
  alertWindows?: AlertWindow[];
  budgetPolicy?: ErrorBudgetPolicy;
};

/** @public */
export type GrafanaTarget = {
  refId: string;
  expr: string;
  legendFormat: string;
  datasource: GrafanaDatasourceRef;
};

/** @public */
export type GrafanaDatasourceRef = { type: 'prometheus'; uid: string };

/** @public */
export type GrafanaPanel = {
  id: number;
  type: string;
  title: string;
  description?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: GrafanaDatasourceRef;
  targets?: GrafanaTarget[];
  fieldConfig?: { defaults: Record<string, unknown>; overrides: unknown[] };
  options?: Record<string, unknown>;
  collapsed?: boolean;
  panels?: GrafanaPanel[];
};

/**
 * A Grafana dashboard model, ready for the HTTP API's `dashboard` field or
 * a provisioning file.
 *
 * @public
 */
export type GrafanaDashboard = {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  timezone: string;
  editable: boolean;
  graphTooltip: number;
  schemaVersion: number;
  version: number;
  refresh: string;
  time: { from: string; to: string };
  templating: { list: Array<Record<string, unknown>> };
  annotations: { list: unknown[] };
  panels: GrafanaPanel[];
};

/**
 * Every panel reads the Prometheus the user picks, so one generated
 * dashboard serves every environment without editing uids.
 */
const DATASOURCE: GrafanaDatasourceRef = {
  type: 'prometheus',
  uid: '${datasource}',
};

const SCHEMA_VERSION = 39;
const UID_MAX_LENGTH = 40;

/** 32-bit FNV-1a, enough to keep truncated uids apart; not for security. */
function fnv1a(value: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * A stable dashboard uid for a service, so that regenerating updates the
 * dashboard instead of adding another. Grafana allows 40 characters of
 * letters, digits, `-` and `_`; a longer name is cut and given a hash of
 * the whole so that two long names do not collide.
 *
 * @public
 */
export function grafanaDashboardUid(service: string): string {
  const uid = `steward-slo-${service}`.replace(/[^A-Za-z0-9_-]/g, '-');
  if (uid.length <= UID_MAX_LENGTH) {
    return uid;
  }
  return `${uid.slice(0, UID_MAX_LENGTH - 9)}-${fnv1a(uid)}`;
}

function burnRateExpr(windowMs: number, selector: string): string {
  return `${sliErrorRecord(
    windowMs,
  )}${selector} / on (sloth_id, sloth_slo, sloth_service) group_left ${
    SLO_META_RECORDS.errorBudget
  }${selector}`;
}

/** Colours for burn thresholds: tickets warn, pages are red. */
const SEVERITY_COLOR = { page: 'red', ticket: 'orange' } as const;

function sloPanels(options: {
  slo: GrafanaDashboardSlo;
  y: number;
  nextId: () => number;
}): GrafanaPanel[] {
  const { slo, y, nextId } = options;
  const selector = sloRuleSelector(sloRuleIdentity(slo));
  const alertWindows = slo.alertWindows ?? defaultAlertWindows(slo.periodMs);
  const policy = slo.budgetPolicy ?? DEFAULT_ERROR_BUDGET_POLICY;
  const period = promqlDuration(slo.periodMs);
  const refIds = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const targets = (items: Array<{ expr: string; legend: string }>) =>
    items.map((item, index) => ({
      refId: refIds[index],
      expr: item.expr,
      legendFormat: item.legend,
      datasource: DATASOURCE,
    }));

  const sliWindowsMs = [
    BURN_RATE_WINDOWS[0].durationMs,
    alertWindows[0]?.longWindowMs ?? BURN_RATE_WINDOWS[2].durationMs,
    slo.periodMs,
  ];
  const sliPanel: GrafanaPanel = {
    id: nextId(),
    type: 'timeseries',
    title: 'SLI vs objective',
    description:
      'Share of good events over short windows and over the whole SLO period, against the objective.',
    gridPos: { x: 0, y: y + 1, w: 10, h: 8 },
    datasource: DATASOURCE,
    targets: targets([
      ...[...new Set(sliWindowsMs)].map(windowMs => ({
        expr: `1 - ${sliErrorRecord(windowMs)}${selector}`,
        legend: `SLI (${promqlDuration(windowMs)})`,
      })),
      {
        expr: `${SLO_META_RECORDS.objective}${selector}`,
        legend: 'Objective',
      },
    ]),
    fieldConfig: {
      defaults: {
        unit: 'percentunit',
        decimals: 3,
        custom: { lineWidth: 1, fillOpacity: 0, spanNulls: true },
      },
      overrides: [
        {
          matcher: { id: 'byName', options: 'Objective' },
          properties: [
            { id: 'color', value: { mode: 'fixed', fixedColor: 'red' } },
            { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } },
          ],
        },
      ],
    },
    options: {
      legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
      tooltip: { mode: 'multi', sort: 'none' },
    },
  };

  const budgetPanel: GrafanaPanel = {
    id: nextId(),
    type: 'stat',
    title: `Error budget remaining (${period})`,
    description: `Yellow once ${roundDecimal(
      policy.warnAt * 100,
    )}% of the budget is spent, red at ${roundDecimal(
      policy.freezeAt * 100,
    )}%, when releases freeze.`,
    gridPos: { x: 10, y: y + 1, w: 4, h: 8 },
    datasource: DATASOURCE,
    targets: targets([
      {
        expr: `${SLO_META_RECORDS.periodBudgetRemaining}${selector}`,
        legend: 'Remaining',
      },
    ]),
    fieldConfig: {
      defaults: {
        unit: 'percentunit',
        decimals: 1,
        color: { mode: 'thresholds' },
        thresholds: {
          mode: 'absolute',
          steps: [
            { color: 'red', value: null },
            { color: 'yellow', value: roundDecimal(1 - policy.freezeAt) },
            { color: 'green', value: roundDecimal(1 - policy.warnAt) },
          ],
        },
      },
      overrides: [],
    },
    options: {
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      colorMode: 'background',
      graphMode: 'area',
      textMode: 'value',
      justifyMode: 'auto',
      orientation: 'auto',
    },
  };

  // Each alert's long window, whose burn the alert's factor applies to.
  const burnWindows = [
    ...new Map(alertWindows.map(w => [w.longWindowMs, w])).values(),
  ].sort((a, b) => a.longWindowMs - b.longWindowMs);
  const factors = [...alertWindows].sort((a, b) => a.factor - b.factor);
  const burnPanel: GrafanaPanel = {
    id: nextId(),
    type: 'timeseries',
    title: 'Burn rate',
    description: `Burn rate over each alert's long window; the lines are the alert factors (${factors
      .map(w => `${w.name} ${roundDecimal(w.factor)}`)
      .join(', ')}). An alert also needs its short window above the factor.`,
    gridPos: { x: 14, y: y + 1, w: 10, h: 8 },
    datasource: DATASOURCE,
    targets: targets([
      {
        expr: `${SLO_META_RECORDS.currentBurnRate}${selector}`,
        legend: `${promqlDuration(BURN_RATE_WINDOWS[0].durationMs)}`,
      },
      ...burnWindows.map(w => ({
        expr: burnRateExpr(w.longWindowMs, selector),
        legend: promqlDuration(w.longWindowMs),
      })),
    ]),
    fieldConfig: {
      defaults: {
        unit: 'none',
        decimals: 2,
        min: 0,
        color: { mode: 'palette-classic' },
        thresholds: {
          mode: 'absolute',
          steps: [
            { color: 'green', value: null },
            ...factors.map(w => ({
              color: SEVERITY_COLOR[w.severity],
              value: roundDecimal(w.factor),
            })),
          ],
        },
        custom: {
          lineWidth: 1,
          fillOpacity: 0,
          spanNulls: true,
          thresholdsStyle: { mode: 'dashed' },
        },
      },
      overrides: [],
    },
    options: {
      legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
      tooltip: { mode: 'multi', sort: 'desc' },
    },
  };

  const { id } = sloRuleIdentity(slo);
  const alertsPanel: GrafanaPanel = {
    id: nextId(),
    type: 'alertlist',
    title: 'Burn-rate alerts',
    gridPos: { x: 0, y: y + 9, w: 24, h: 5 },
    options: {
      viewMode: 'list',
      groupMode: 'default',
      groupBy: [],
      maxItems: 20,
      sortOrder: 1,
      dashboardAlerts: false,
      alertName: '',
      alertInstanceLabelFilter: promqlMatchers([['sloth_id', '=', id]]),
      stateFilter: {
        firing: true,
        pending: true,
        noData: false,
        normal: false,
        error: true,
      },
    },
  };

  const row: GrafanaPanel = {
    id: nextId(),
    type: 'row',
    title: `${slo.displayName ?? slo.name}: ${roundDecimal(
      slo.objective * 100,
    )}% over ${period}`,
    gridPos: { x: 0, y, w: 24, h: 1 },
    collapsed: false,
    panels: [],
  };
  return [row, sliPanel, budgetPanel, burnPanel, alertsPanel];
}

/** Rows are 1 high, then 8 of charts and 5 of alerts. */
const SLO_ROW_HEIGHT = 14;

/**
 * A Grafana dashboard for a service's SLOs, built on the recording rules
 * `generatePrometheusRules` writes for them: one row per SLO with its SLI
 * against the objective, the error budget left in the period, burn rates
 * with the alert factors as threshold lines, and its firing alerts. The
 * Prometheus data source is a `datasource` template variable.
 *
 * @public
 */
export function generateGrafanaDashboard(options: {
  service: string;
  slos: GrafanaDashboardSlo[];
  title?: string;
}): GrafanaDashboard {
  let lastId = 0;
  const nextId = () => ++lastId;
  const panels = options.slos.flatMap((slo, index) =>
    sloPanels({ slo, y: index * SLO_ROW_HEIGHT, nextId }),
  );
  return {
    uid: grafanaDashboardUid(options.service),
    title: options.title ?? `${options.service} SLOs`,
    description: `Generated by Steward from the SLOs of ${options.service}. Edits are overwritten when it is regenerated.`,
    tags: ['steward', 'slo', options.service],
    timezone: 'utc',
    editable: true,
    graphTooltip: 1,
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    refresh: '1m',
    time: { from: 'now-7d', to: 'now' },
    templating: {
      list: [
        {
          name: 'datasource',
          label: 'Prometheus',
          type: 'datasource',
          query: 'prometheus',
          current: {},
          hide: 0,
          includeAll: false,
          multi: false,
          options: [],
          refresh: 1,
          regex: '',
          skipUrlSync: false,
        },
      ],
    },
    annotations: { list: [] },
    panels,
  };
}
