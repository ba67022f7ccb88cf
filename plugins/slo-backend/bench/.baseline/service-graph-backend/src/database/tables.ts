/** Time resolution of a bucket: minute, hour or day. */
export type Resolution = 'm' | 'h' | 'd';

export const RESOLUTION_MS: Record<Resolution, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

export type SeriesKind = 'edge' | 'op';

export type SeriesRow = {
  id: number;
  kind: SeriesKind;
  source: string;
  target: string;
  connection_type: string;
};

export type CountsRow = {
  resolution: Resolution;
  bucket_start: number | string;
  series_id: number;
  calls: number | string;
  errors: number | string;
  duration_sum_ms: number;
};

export type LatencyRow = {
  resolution: Resolution;
  bucket_start: number | string;
  series_id: number;
  idx: number;
  count: number | string;
};

export type TraceSpanRow = {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  service: string;
  name: string;
  kind: number;
  start_ms: number;
  end_ms: number;
  error: boolean | number;
  payload: string;
  expires_at: number | string;
};

export type ThresholdRow = {
  resolution: Resolution;
  bucket_start: number | string;
  series_id: number;
  le_ms: number;
  count: number | string;
};
