import { DocsFinding } from './auditDocs';

/**
 * A Component's docs audit as the ownership backend serves it.
 *
 * @public
 */
export type EntityDocsAudit = {
  entityRef: string;
  ownerRef?: string;
  score: number;
  findings: DocsFinding[];
  auditedAt: number;
  /** The score the latest scheduled audit stored, to compare with. */
  previous?: { at: number; score: number };
};

/** @public */
export type TeamDocsAudit = {
  groupRef: string;
  /** Mean score of the team's Components; undefined when it owns none. */
  score?: number;
  /** Lowest score first. */
  entities: EntityDocsAudit[];
};

/**
 * The docs score at one scheduled audit: one Component's, or the mean of
 * several.
 *
 * @public
 */
export type DocsScorePoint = {
  at: number;
  score: number;
  /** How many Components the score is the mean of. */
  entities: number;
};

/** @public */
export type DocsAuditHistory = {
  entityRef?: string;
  groupRef?: string;
  /** Oldest first. */
  points: DocsScorePoint[];
};
