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
  acknowledged_by?: string | null;
  actioned_at?: number | string | null;
  actioned_by?: string | null;
  runbook_url?: string | null;
};

export type PostmortemRow = {
  id?: number;
  owner_ref: string;
  title: string;
  detected_at: number | string | null;
  document: string;
  slo_context: string | null;
  decision_id: number | null;
  created_by: string;
  created_at: number | string;
  updated_by: string;
  updated_at: number | string;
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

/** One Component's state at one run of the org snapshot. */
export type OrgSnapshotComponentRow = {
  id?: number;
  taken_at: number | string;
  component_ref: string;
  owner_ref: string | null;
  complete_docs: boolean | number;
  fresh_docs: boolean | number;
  /** Null when the SLO plugin could not be read at the run. */
  has_slo: boolean | number | null;
  /** Null when the service graph could not be read at the run. */
  traces_seen: boolean | number | null;
};

/** One Group at one run of the org snapshot. */
export type OrgSnapshotGroupRow = {
  id?: number;
  taken_at: number | string;
  group_ref: string;
  has_oncall: boolean | number;
};
