export type SloStatusRow = {
  slo_ref: string;
  entity_ref: string;
  owner_ref: string | null;
  display_name: string;
  evaluated_at: number | string;
  state: string;
  gate: string;
  consumed: number | null;
  firing_alert: string | null;
  evaluation: string;
  definition: string;
};

export type SloAlertEventRow = {
  id?: number;
  slo_ref: string;
  entity_ref: string;
  owner_ref: string | null;
  alert: string;
  severity: string;
  state: 'firing' | 'resolved';
  at: number | string;
  long_burn: number | null;
  short_burn: number | null;
  factor: number;
  budget_consumed: number | null;
};

export type SloDeployRow = {
  id?: number;
  entity_ref: string;
  version: string | null;
  deployed_at: number | string;
  recorded_by: string;
};
