export { prometheusSliQueries } from './sliQueries';
export type { PrometheusSliQueries } from './sliQueries';
export {
  SLO_META_RECORDS,
  generatePrometheusRules,
  prometheusRulesToYaml,
  promqlDuration,
  recordedWindowsMs,
  sliErrorRecord,
  sloRuleIdentity,
  sloRuleSelector,
} from './prometheusRules';
export type {
  PrometheusAlertingRule,
  PrometheusRecordingRule,
  PrometheusRuleFile,
  PrometheusRuleGroup,
  PrometheusRulesSlo,
  SloRuleIdentity,
} from './prometheusRules';
export {
  generateGrafanaDashboard,
  grafanaDashboardUid,
} from './grafanaDashboard';
export type {
  GrafanaDashboard,
  GrafanaDashboardSlo,
  GrafanaDatasourceRef,
  GrafanaPanel,
  GrafanaTarget,
} from './grafanaDashboard';
export { sloGeneratorInput } from './fromOpenSlo';
export type { SloGeneratorInput } from './fromOpenSlo';
