import { RepeatIncidents } from './repeats';
import { Postmortem } from './schema';

/**
 * A linked SLO as a postmortem records it when saved.
 *
 * @public
 */
export type PostmortemSloContext = {
  sloRef: string;
  title?: string;
  objective?: number;
  budgetRemaining?: number;
  /** Share of the error budget spent between detection and resolution (or now). */
  budgetConsumedByIncident?: number;
  /** Why the SLO plugin could not tell. */
  problem?: string;
};

/**
 * A postmortem as `GET /v1/postmortems` serves it.
 *
 * @public
 */
export type PostmortemRecord = {
  id: number;
  ownerRef: string;
  document: Postmortem;
  slos: PostmortemSloContext[];
  decisionId?: number;
  createdBy: string;
  createdAt: number;
  updatedBy: string;
  updatedAt: number;
};

/**
 * A postmortem document as the author writes it: refs may be short and
 * `causes` may be left out; the backend validates it and writes refs in
 * full.
 *
 * @public
 */
export type PostmortemInput = Omit<Postmortem, 'causes'> & {
  causes?: string[];
};

/**
 * `POST /v1/postmortems`: with `decisionId` the routed alert fills in what
 * `document` leaves out, and the owner defaults to the alert's team.
 *
 * @public
 */
export type CreatePostmortemRequest = {
  ownerRef?: string;
  decisionId?: number;
  document: Partial<PostmortemInput>;
};

/** `GET /v1/postmortems/stats`. @public */
export type PostmortemStats = {
  ownerRef?: string;
  fromMs: number;
  toMs: number;
  incidents: number;
  mttaMs?: number;
  unacknowledged: number;
  mttrMs?: number;
  unresolved: number;
  repeats: RepeatIncidents[];
};
