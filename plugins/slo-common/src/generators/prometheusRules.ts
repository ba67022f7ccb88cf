import { Document } from 'yaml';
import { parseServiceRef } from '../openslo/schemas';
import type { OpenSloSliSpec } from '../openslo/schemas';
import { renderPrometheusQuery } from '../openslo/sources';
import {
  AlertSeverity,
  AlertWindow,
  defaultAlertWindows,
} from '../math/alertWindows';
import { allowedBadRatio, roundDecimal } from '../math/precision';
import { DAY_MS } from '../math/time';
import { BURN_RATE_WINDOWS } from '../evaluation/plan';
import {
  promqlMatchers,
  SpanMetricsNames,
} from '@steward/plugin-service-graph-common';
import { PrometheusSliQueries, prometheusSliQueries } from './sliQueries';

/** @public */
export type PrometheusRecordingRule = {
  record: string;
  expr: string;
  labels: Record<string, string>;
};

/** @public */
export type PrometheusAlertingRule = {
  alert: string;
  expr: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
};

/** @public */
export type PrometheusRuleGroup = {
  name: string;
  rules: Array<PrometheusRecordingRule | PrometheusAlertingRule>;
};

/**
 * A Prometheus rule file (`rule_files` entry, or a PrometheusRule's spec).
 *
 * @public
 */
export type PrometheusRuleFile = { groups: PrometheusRuleGroup[] };

/**
 * The SLO a rule file is generated for. `service` is the Component's name
 * (an entity ref is reduced to its name); `objective` is a fraction like
 * 0.999; `periodMs` is the SLO window's length.
 *
 * @public
 */
export type PrometheusRulesSlo = {
  name: string;
  displayName?: string;
  service: string;
  objective: number;
  periodMs: number;
};

/**
 * The label names follow Sloth's, so that Sloth's Grafana dashboards and
 * any tooling built on Sloth's recording rules read Steward's rules too.
 */
const LABEL = {
  id: 'sloth_id',
  service: 'sloth_service',
  slo: 'sloth_slo',
  window: 'sloth_window',
  severity: 'sloth_severity',
} as const;

/** The three labels that identify one SLO's series. @public */
export type SloRuleIdentity = { id: string; service: string; slo: string };

/** @public */
export function sloRuleIdentity(slo: {
  name: string;
  service: string;
}): SloRuleIdentity {
  const service = parseServiceRef(slo.service)?.name ?? slo.service;
  return { id: `${service}-${slo.name}`, service, slo: slo.name };
}

/** `{sloth_id="…", sloth_service="…", sloth_slo="…"}` for one SLO. @public */
export function sloRuleSelector(identity: SloRuleIdentity): string {
  return promqlMatchers([
    [LABEL.id, '=', identity.id],
    [LABEL.service, '=', identity.service],
    [LABEL.slo, '=', identity.slo],
  ]);
}

/** A window as PromQL writes it: `5m`, `1h`, `30d`. @public */
export function promqlDuration(windowMs: number): string {
  return renderPrometheusQuery({ query: '{{window}}', windowMs });
}

/** The recording rule of the error ratio over one window. @public */
export function sliErrorRecord(windowMs: number): string {
  return `slo:sli_error:ratio_rate${promqlDuration(windowMs)}`;
}

/** @public */
export const SLO_META_RECORDS = {
  objective: 'slo:objective:ratio',
  errorBudget: 'slo:error_budget:ratio',
  periodDays: 'slo:time_period:days',
  currentBurnRate: 'slo:current_burn_rate:ratio',
  periodBurnRate: 'slo:period_burn_rate:ratio',
  periodBudgetRemaining: 'slo:period_error_budget_remaining:ratio',
} as const;

/**
 * The windows whose error ratios are recorded: every burn-rate window
 * Steward reports, both windows of every alert (custom policies may add
 * some), and the period itself; shortest first, without repeats.
 *
 * @public
 */
export function recordedWindowsMs(options: {
  periodMs: number;
  alertWindows: AlertWindow[];
}): number[] {
  const windows = new Set<number>([
    ...BURN_RATE_WINDOWS.map(w => w.durationMs),
    ...options.alertWindows.flatMap(a => [a.shortWindowMs, a.longWindowMs]),
    options.periodMs,
  ]);
  return [...windows].sort((a, b) => a - b);
}

/** Numbers as a reader wrote them: 13.44, not 13.440000000000001. */
function decimal(value: number): string {
  return String(roundDecimal(value));
}

function pascalCase(value: string): string {
  const words = value.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map(w => w[0].toUpperCase() + w.slice(1)).join('');
  return /^[A-Za-z]/.test(joined) ? joined : `Slo${joined}`;
}

const SEVERITIES: AlertSeverity[] = ['page', 'ticket'];

function alertExpr(options: {
  windows: AlertWindow[];
  selector: string;
  budget: number;
}): string {
  const { selector, budget } = options;
  // `>=` rather than Sloth's `>`: Steward's own evaluation fires at the
  // factor (OpenSLO's `op: gte`), and the two must agree on the boundary.
  const burning = (windowMs: number, factor: number) =>
    `(${sliErrorRecord(windowMs)}${selector} >= (${decimal(factor)} * ${decimal(
      budget,
    )}))`;
  // The two sides of `and`/`or` differ only in sloth_window, which must not
  // keep them from matching.
  return options.windows
    .map(w =>
      [
        '(',
        `    ${burning(w.shortWindowMs, w.factor)}`,
        '    and ignoring (sloth_window)',
        `    ${burning(w.longWindowMs, w.factor)}`,
        ')',
      ].join('\n'),
    )
    .join('\nor ignoring (sloth_window)\n');
}

function describeWindows(windows: AlertWindow[]): string {
  return windows
    .map(
      w =>
        `at least ${decimal(w.factor)} over ${promqlDuration(
          w.longWindowMs,
        )} and ${promqlDuration(w.shortWindowMs)}`,
    )
    .join(', or ');
}

/**
 * A Prometheus rule file for one SLO, in the shape Sloth generates: a group
 * recording the SLI's error ratio over each window, a group of metadata
 * (objective, budget, burn rates, budget remaining), and the multiwindow,
 * multi-burn-rate alerts, one per severity, each firing when any of its
 * window pairs burns at or above its factor in both windows. Factors come
 * from the period (`defaultAlertWindows`) unless `alertWindows` are given,
 * e.g. from the SLO's AlertPolicies.
 *
 * `sli` is either the error and total queries (with `{{window}}`) or an
 * OpenSLO SLI spec to derive them from (see `prometheusSliQueries`).
 *
 * @public
 */
export function generatePrometheusRules(options: {
  slo: PrometheusRulesSlo;
  sli: PrometheusSliQueries | OpenSloSliSpec;
  alertWindows?: AlertWindow[];
  spanMetrics?: Partial<SpanMetricsNames>;
}): PrometheusRuleFile {
  const { slo } = options;
  const queries =
    'errorQuery' in options.sli
      ? options.sli
      : prometheusSliQueries({
          sli: options.sli,
          service: slo.service,
          spanMetrics: options.spanMetrics,
        });
  const alertWindows =
    options.alertWindows ?? defaultAlertWindows(slo.periodMs);
  const identity = sloRuleIdentity(slo);
  const selector = sloRuleSelector(identity);
  const labels = {
    [LABEL.id]: identity.id,
    [LABEL.service]: identity.service,
    [LABEL.slo]: identity.slo,
  };
  const budget = allowedBadRatio(slo.objective);

  // The period's ratio is computed from the counts over the whole period.
  // Sloth averages the 5m ratios instead, which is cheaper to evaluate but
  // weights a quiet night like a busy day; a ratio of sums is the SLI the
  // rest of Steward reports. The price is one period-long range read per
  // evaluation.
  const sliRules: PrometheusRecordingRule[] = recordedWindowsMs({
    periodMs: slo.periodMs,
    alertWindows,
  }).map(windowMs => ({
    record: sliErrorRecord(windowMs),
    expr: [
      `(${renderPrometheusQuery({ query: queries.errorQuery, windowMs })})`,
      '/',
      `(${renderPrometheusQuery({ query: queries.totalQuery, windowMs })})`,
    ].join('\n'),
    labels: { ...labels, [LABEL.window]: promqlDuration(windowMs) },
  }));

  const burnOver = (record: string) =>
    [
      `${record}${selector}`,
      '/ on (sloth_id, sloth_slo, sloth_service) group_left',
      `${SLO_META_RECORDS.errorBudget}${selector}`,
    ].join('\n');
  const metaRules: PrometheusRecordingRule[] = [
    {
      record: SLO_META_RECORDS.objective,
      expr: `vector(${decimal(slo.objective)})`,
      labels,
    },
    {
      record: SLO_META_RECORDS.errorBudget,
      expr: `vector(${decimal(budget)})`,
      labels,
    },
    {
      record: SLO_META_RECORDS.periodDays,
      expr: `vector(${decimal(slo.periodMs / DAY_MS)})`,
      labels,
    },
    {
      record: SLO_META_RECORDS.currentBurnRate,
      expr: burnOver(sliErrorRecord(BURN_RATE_WINDOWS[0].durationMs)),
      labels,
    },
    {
      record: SLO_META_RECORDS.periodBurnRate,
      expr: burnOver(sliErrorRecord(slo.periodMs)),
      labels,
    },
    {
      record: SLO_META_RECORDS.periodBudgetRemaining,
      expr: `1 - ${SLO_META_RECORDS.periodBurnRate}${selector}`,
      labels,
    },
  ];

  const title = slo.displayName ?? slo.name;
  const alertName = `${pascalCase(slo.name)}ErrorBudgetBurn`;
  const alertRules: PrometheusAlertingRule[] = SEVERITIES.flatMap(severity => {
    const windows = alertWindows.filter(w => w.severity === severity);
    if (windows.length === 0) {
      return [];
    }
    return [
      {
        alert: alertName,
        expr: alertExpr({ windows, selector, budget }),
        labels: { severity, [LABEL.severity]: severity },
        annotations: {
          summary: `${title} of ${identity.service} is spending its error budget too fast`,
          title: `(${severity}) {{ $labels.sloth_service }} {{ $labels.sloth_slo }}: error budget burn rate too high`,
          description: `Burn rate ${describeWindows(
            windows,
          )}, against an objective of ${decimal(
            slo.objective * 100,
          )}% over ${promqlDuration(slo.periodMs)}.`,
        },
      },
    ];
  });

  const groups: PrometheusRuleGroup[] = [
    { name: `sloth-slo-sli-recordings-${identity.id}`, rules: sliRules },
    { name: `sloth-slo-meta-recordings-${identity.id}`, rules: metaRules },
  ];
  if (alertRules.length > 0) {
    groups.push({ name: `sloth-slo-alerts-${identity.id}`, rules: alertRules });
  }
  return { groups };
}

/**
 * A rule file as YAML for Prometheus's `rule_files`. Multi-line expressions
 * become literal blocks and long lines are never folded, so the file reads
 * like the PromQL it holds.
 *
 * @public
 */
export function prometheusRulesToYaml(
  file: PrometheusRuleFile,
  options?: { header?: string },
): string {
  // Rules share label objects; YAML anchors for them would be correct but
  // make each rule harder to read on its own.
  const doc = new Document(file, { aliasDuplicateObjects: false });
  doc.commentBefore = ` ${
    options?.header ?? 'Generated by Steward from an OpenSLO SLO. Do not edit.'
  }`;
  // Single quotes, as the repository's Prettier writes YAML, so that a
  // formatted copy of a generated file stays identical to it.
  return doc.toString({ lineWidth: 0, singleQuote: true });
}
