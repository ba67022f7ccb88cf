import { AlertHygieneReport } from './alertHygiene';

/** `GET /v1/hygiene`: the report, with MTTA of the firings. @public */
export type AlertHygiene = AlertHygieneReport & {
  ownerRef?: string;
  mttaMs?: number;
  unacknowledged: number;
};
