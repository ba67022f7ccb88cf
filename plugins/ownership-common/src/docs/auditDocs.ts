import { Entity } from '@backstage/catalog-model';
import { normalizeRef } from '../shared/refs';
import { DAY_MS, parseIsoInstant } from '../shared/time';

/** @public */
export const LAST_REVIEWED_ANNOTATION = 'steward.dev/last-reviewed';
/** @public */
export const TIER_ANNOTATION = 'steward.dev/tier';

/** @public */
export const DEFAULT_REQUIRED_LINKS: readonly string[] = [
  'runbook',
  'dashboard',
  'alerts',
  'playbook',
];
/** @public */
export const DEFAULT_MAX_REVIEW_AGE_DAYS = 90;

/** @public */
export type DocsRule =
  | 'missing-link'
  | 'stale-review'
  | 'no-review-date'
  | 'bad-review-date'
  | 'unknown-owner'
  | 'no-owner'
  | 'no-description'
  | 'no-tier'
  | 'bad-tier';

/**
 * One thing wrong with a Component's docs: what (`message`) and what to
 * change in its catalog-info.yaml (`fix`, naming the field).
 *
 * @public
 */
export type DocsFinding = {
  rule: DocsRule;
  severity: 'error' | 'warning';
  /** The field the finding is about, from the entity's root. */
  path: string;
  message: string;
  fix: string;
};

/** @public */
export type DocsPolicy = {
  /** Link types every Component needs; default runbook, dashboard, alerts, playbook. */
  requiredLinks?: readonly string[];
  /** A review older than this is stale; default 90. */
  maxReviewAgeDays?: number;
  /** Full refs (`group:default/storefront`) of the Groups that exist. */
  groupRefs: ReadonlySet<string>;
};

/** @public */
export type DocsAudit = {
  /** 0..100; see DOCS_SCORE_WEIGHTS. */
  score: number;
  findings: DocsFinding[];
};

/**
 * What each check is worth; a Component that passes all scores 100. Links
 * weigh most because they are what an on-call engineer opens first; the
 * weight is split evenly between the required link types so the score means
 * the same whatever the policy requires. A stale review earns nothing: docs
 * nobody looked at this quarter are docs nobody can vouch for.
 *
 * @public
 */
export const DOCS_SCORE_WEIGHTS = {
  links: 40,
  review: 25,
  owner: 20,
  tier: 10,
  description: 5,
} as const;

const reviewField = `metadata.annotations["${LAST_REVIEWED_ANNOTATION}"]`;
const tierField = `metadata.annotations["${TIER_ANNOTATION}"]`;

const FINDING_PATHS: Record<DocsRule, string> = {
  'missing-link': 'metadata.links',
  'stale-review': reviewField,
  'no-review-date': reviewField,
  'bad-review-date': reviewField,
  'unknown-owner': 'spec.owner',
  'no-owner': 'spec.owner',
  'no-description': 'metadata.description',
  'no-tier': tierField,
  'bad-tier': tierField,
};

function finding(
  rule: DocsRule,
  severity: DocsFinding['severity'],
  message: string,
  fix: string,
): DocsFinding {
  return { rule, severity, path: FINDING_PATHS[rule], message, fix };
}

function auditLinks(entity: Entity, required: readonly string[]) {
  const present = new Set(
    (entity.metadata.links ?? [])
      .filter(link => typeof link.url === 'string' && link.url.trim() !== '')
      .map(link => link.type?.trim().toLowerCase()),
  );
  return required
    .filter(type => !present.has(type.toLowerCase()))
    .map(type =>
      finding(
        'missing-link',
        'error',
        `has no ${type} link`,
        `add a metadata.links entry with type: ${type}`,
      ),
    );
}

function ageInDays(reviewedMs: number, nowMs: number) {
  return Math.floor((nowMs - reviewedMs) / DAY_MS);
}

/**
 * Whole days since the entity's docs were last reviewed
 * (`steward.dev/last-reviewed`); undefined when it has no readable date.
 *
 * @public
 */
export function reviewAgeDays(
  entity: Entity,
  nowMs: number,
): number | undefined {
  const value = entity.metadata.annotations?.[LAST_REVIEWED_ANNOTATION];
  const reviewedMs =
    value === undefined ? undefined : parseIsoInstant(value.trim());
  return reviewedMs === undefined ? undefined : ageInDays(reviewedMs, nowMs);
}

function auditReview(
  entity: Entity,
  nowMs: number,
  maxAgeDays: number,
): DocsFinding | undefined {
  const value = entity.metadata.annotations?.[LAST_REVIEWED_ANNOTATION];
  if (value === undefined || value.trim() === '') {
    return finding(
      'no-review-date',
      'warning',
      'has no record of a docs review',
      `review the docs, then set ${reviewField} to today's date (YYYY-MM-DD)`,
    );
  }
  const reviewedMs = parseIsoInstant(value.trim());
  if (reviewedMs === undefined) {
    return finding(
      'bad-review-date',
      'error',
      `has a last-reviewed date that is not an ISO date: ${JSON.stringify(
        value,
      )}`,
      `write ${reviewField} as YYYY-MM-DD`,
    );
  }
  // A day of slack: a date written in a time zone ahead of UTC is "today".
  if (reviewedMs > nowMs + DAY_MS) {
    return finding(
      'bad-review-date',
      'error',
      `has a last-reviewed date in the future: ${value}`,
      `set ${reviewField} to the date the docs were actually reviewed`,
    );
  }
  const ageDays = ageInDays(reviewedMs, nowMs);
  if (ageDays > maxAgeDays) {
    return finding(
      'stale-review',
      'warning',
      `was last reviewed ${ageDays} days ago (${value}), more than the ${maxAgeDays} allowed`,
      `review the runbook and dashboards, then set ${reviewField} to today's date`,
    );
  }
  return undefined;
}

function auditOwner(
  entity: Entity,
  groupRefs: ReadonlySet<string>,
): DocsFinding | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || owner.trim() === '') {
    return finding(
      'no-owner',
      'error',
      'has no owner',
      'set spec.owner to the Group that runs it, like spec.owner: storefront',
    );
  }
  // Backstage also allows a User as owner; Steward pages a Group's on-call,
  // so a User owner is as unroutable as a Group that does not exist.
  const ref = normalizeRef(owner.trim(), {
    kind: 'group',
    defaultNamespace: entity.metadata.namespace,
  });
  if (ref === undefined || !groupRefs.has(ref)) {
    return finding(
      'unknown-owner',
      'error',
      `is owned by ${owner}, which is not a Group in the catalog`,
      'set spec.owner to an existing Group, or add that Group to the catalog',
    );
  }
  return undefined;
}

function auditTier(entity: Entity): DocsFinding | undefined {
  const tier = entity.metadata.annotations?.[TIER_ANNOTATION];
  if (tier === undefined || tier.trim() === '') {
    return finding(
      'no-tier',
      'warning',
      'has no tier',
      `set ${tierField} to "1" (most critical) through "4"`,
    );
  }
  if (!/^[1-4]$/.test(tier.trim())) {
    return finding(
      'bad-tier',
      'error',
      `has tier ${JSON.stringify(tier)}, which is not 1, 2, 3 or 4`,
      `set ${tierField} to "1" (most critical) through "4"`,
    );
  }
  return undefined;
}

function auditDescription(entity: Entity): DocsFinding | undefined {
  const description = entity.metadata.description;
  if (typeof description === 'string' && description.trim() !== '') {
    return undefined;
  }
  return finding(
    'no-description',
    'warning',
    'has no description',
    'set metadata.description to one sentence on what the service does',
  );
}

/**
 * Audits a Component's docs against the policy: required links, a fresh
 * review, an owner that exists, a tier and a description. Every finding says
 * which catalog-info.yaml field to change.
 *
 * @public
 */
export function auditDocs(options: {
  entity: Entity;
  now: Date | number;
  policy: DocsPolicy;
}): DocsAudit {
  const { entity, policy } = options;
  const nowMs =
    typeof options.now === 'number' ? options.now : options.now.getTime();
  const required = policy.requiredLinks ?? DEFAULT_REQUIRED_LINKS;

  const missingLinks = auditLinks(entity, required);
  const review = auditReview(
    entity,
    nowMs,
    policy.maxReviewAgeDays ?? DEFAULT_MAX_REVIEW_AGE_DAYS,
  );
  const owner = auditOwner(entity, policy.groupRefs);
  const tier = auditTier(entity);
  const description = auditDescription(entity);

  const linkShare =
    required.length === 0 ? 1 : 1 - missingLinks.length / required.length;
  const score =
    DOCS_SCORE_WEIGHTS.links * linkShare +
    (review ? 0 : DOCS_SCORE_WEIGHTS.review) +
    (owner ? 0 : DOCS_SCORE_WEIGHTS.owner) +
    (tier ? 0 : DOCS_SCORE_WEIGHTS.tier) +
    (description ? 0 : DOCS_SCORE_WEIGHTS.description);

  const findings = [owner, ...missingLinks, review, tier, description].filter(
    (f): f is DocsFinding => f !== undefined,
  );
  return { score: Math.round(score), findings };
}

/**
 * The two facts org metrics count: every required link is there, and the
 * review is current.
 *
 * @public
 */
export function docsStatus(audit: DocsAudit): {
  complete: boolean;
  fresh: boolean;
} {
  const rules = new Set(audit.findings.map(f => f.rule));
  return {
    complete: !rules.has('missing-link'),
    fresh: !(
      rules.has('stale-review') ||
      rules.has('no-review-date') ||
      rules.has('bad-review-date')
    ),
  };
}
