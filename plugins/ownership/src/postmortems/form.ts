import type {
  PostmortemInput,
  PostmortemSeverity,
  RoutingDecisionRecord,
} from '@steward/plugin-ownership-common';
import { postmortemDraftFromAlert } from '@steward/plugin-ownership-common';

/** An action item as the form edits it. */
export type ActionItemFields = PostmortemInput['actionItems'][number];

/**
 * A postmortem as the form edits it: lists of refs and links as text, one
 * per line or separated by commas, and choices not made yet as ''.
 */
export type PostmortemFields = {
  title: string;
  symptom: string;
  links: string;
  severity: PostmortemSeverity | '';
  usersImpacted: 'none' | 'few' | 'many' | '';
  timeline: Array<{ at: string; event: string }>;
  services: string;
  causes: string;
  slos: string;
  actionItems: ActionItemFields[];
  detectedAt: string;
  acknowledgedAt: string;
  resolvedAt: string;
  alertIds?: string[];
};

const list = (text: string) =>
  text
    .split(/[\n,]/)
    .map(item => item.trim())
    .filter(Boolean);

/** The form's fields from a document (or a partial draft). */
export function fieldsOf(doc: Partial<PostmortemInput>): PostmortemFields {
  return {
    title: doc.title ?? '',
    symptom: doc.firstSymptom?.description ?? '',
    links: (doc.firstSymptom?.links ?? []).join('\n'),
    severity: doc.severity ?? '',
    usersImpacted: doc.usersImpacted ?? '',
    timeline: doc.timeline ?? [],
    services: (doc.contributingServices ?? []).join(', '),
    causes: (doc.causes ?? []).join(', '),
    slos: (doc.sloRefs ?? []).join(', '),
    actionItems: doc.actionItems ?? [],
    detectedAt: doc.detectedAt ?? '',
    acknowledgedAt: doc.acknowledgedAt ?? '',
    resolvedAt: doc.resolvedAt ?? '',
    alertIds: doc.alertIds,
  };
}

/**
 * The document to send. Choices not made are left out, so that the
 * backend's validation names them as required.
 */
export function documentOf(fields: PostmortemFields): PostmortemInput {
  const optional = (value: string) => value.trim() || undefined;
  return {
    title: fields.title,
    firstSymptom: { description: fields.symptom, links: list(fields.links) },
    severity: (fields.severity || undefined) as PostmortemSeverity,
    usersImpacted: (fields.usersImpacted ||
      undefined) as PostmortemInput['usersImpacted'],
    timeline: fields.timeline,
    contributingServices: list(fields.services),
    causes: list(fields.causes),
    actionItems: fields.actionItems,
    sloRefs: list(fields.slos),
    alertIds: fields.alertIds,
    detectedAt: optional(fields.detectedAt),
    acknowledgedAt: optional(fields.acknowledgedAt),
    resolvedAt: optional(fields.resolvedAt),
  };
}

/** What a routed alert fills in, by the same rules the backend uses. */
export function fieldsFromDecision(d: RoutingDecisionRecord): PostmortemFields {
  return fieldsOf(
    postmortemDraftFromAlert({
      id: d.id,
      alertName: d.alertName,
      startsAtMs: d.startsAt ?? d.receivedAt,
      receivedAtMs: d.receivedAt,
      acknowledgedAtMs: d.acknowledgedAt,
      summary: d.summary,
      entityRef: d.entityRef,
      ownerRef: d.ownerRef,
      culpritService: d.culpritService,
      traceId: d.traceId,
      tracePath: d.tracePath ?? [],
      runbookUrl: d.runbookUrl,
      generatorUrl: d.generatorUrl,
      sloRef: d.slo?.sloRef,
    }),
  );
}

/** The backend's 400, split by field. */
export type FieldErrors = {
  /** Message per field path, as the backend names it (`timeline[0].at`). */
  byPath: Map<string, string>;
  /** Every problem, in the backend's words, for the summary. */
  all: string[];
};

const ISSUE = /^document\.(\S+) (.+)$/;

/**
 * Reads `Invalid postmortem: document.title must not be empty; ...` (and
 * `Invalid body: ownerRef: ...`) into messages per field.
 */
export function parseFieldErrors(message: string): FieldErrors {
  const byPath = new Map<string, string>();
  const match = /Invalid (?:postmortem|body): (.*)$/s.exec(message);
  if (!match) return { byPath, all: [message] };
  const all = match[1].split('; ');
  for (const issue of all) {
    const field = ISSUE.exec(issue);
    if (field) byPath.set(field[1], field[2]);
  }
  return { byPath, all };
}

/**
 * The message for a field: its own path, or for list fields edited as one
 * text (`contributingServices`) the first message about any of its items.
 */
export function errorAt(
  errors: FieldErrors | undefined,
  path: string,
  options: { items?: boolean } = {},
): string | undefined {
  if (!errors) return undefined;
  const own = errors.byPath.get(path);
  if (own || !options.items) return own;
  for (const [key, value] of errors.byPath) {
    if (key.startsWith(`${path}[`)) return `${key}: ${value}`;
  }
  return undefined;
}
