export {
  openSloSloSchema,
  openSloSliSchema,
  openSloAlertPolicySchema,
  openSloSloSpecSchema,
  openSloSliSpecSchema,
  openSloAlertPolicySpecSchema,
  objectiveTarget,
  serviceEntityRef,
} from './schemas';
export type {
  OpenSloSlo,
  OpenSloSli,
  OpenSloAlertPolicy,
  OpenSloSloSpec,
  OpenSloSliSpec,
  OpenSloAlertPolicySpec,
  OpenSloAlertPolicyItem,
  OpenSloAlertCondition,
  OpenSloObjective,
  OpenSloMetricSource,
  OpenSloTimeWindow,
} from './schemas';
export {
  STEWARD_SERVICE_GRAPH_SOURCE,
  PROMETHEUS_SOURCE,
  PROMETHEUS_WINDOW_PLACEHOLDER,
  stewardServiceGraphSourceSchema,
  prometheusSourceSchema,
  stewardMetricSource,
  renderPrometheusQuery,
} from './sources';
export type {
  StewardServiceGraphSourceSpec,
  PrometheusSourceSpec,
  StewardMetricSource,
} from './sources';
export { validateOpenSloEntity } from './validate';
export type { OpenSloKind, OpenSloValidationResult } from './validate';
export type { OpenSloIssue } from './issues';

export { resolveIndicator, resolveAlertPolicies } from './resolve';
export { validateOpenSloDocument, sloReferenceIssues } from './catalogChecks';
export type { ResolvedIndicator } from './resolve';
export {
  budgetPolicyFromAnnotations,
  WARN_AT_ANNOTATION,
  FREEZE_AT_ANNOTATION,
} from './annotations';
export { durationMs } from './time';
export type { CalendarDuration } from './time';
