export type RoutingDecisionRow = {
  id?: number;
  received_at: number | string;
  source: 'alertmanager' | 'slo';
  alert_name: string;
  status: 'firing' | 'resolved';
  fingerprint: string;
  group_key: string;
  duplicate_of: number | null;
  repeats: number;
  trace_id: string | null;
  alert_service: string | null;
  culprit_service: string | null;
  entity_ref: string | null;
  owner_ref: string | null;
  oncall: string | null;
  explanation: string;
  alert: string;
  acknowledged_at: number | string | null;
  actioned: boolean | number;
};

/** One Component's docs audit at one run of the scheduled audit. */
export type DocsAuditRow = {
  id?: number;
  audited_at: number | string;
  entity_ref: string;
  owner_ref: string | null;
  score: number;
  /** JSON: DocsFinding[]. */
  findings: string;
};
