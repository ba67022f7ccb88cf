import { parseWithIssues } from '../validation/issues';
import { OpenSloIssue } from './issues';
import {
  OpenSloAlertPolicy,
  OpenSloSli,
  OpenSloSlo,
  openSloAlertPolicySchema,
  openSloSliSchema,
  openSloSloSchema,
} from './schemas';

/** @public */
export type OpenSloKind = 'SLO' | 'SLI' | 'AlertPolicy';

/** @public */
export type OpenSloValidationResult =
  | { ok: true; kind: 'SLO'; value: OpenSloSlo }
  | { ok: true; kind: 'SLI'; value: OpenSloSli }
  | { ok: true; kind: 'AlertPolicy'; value: OpenSloAlertPolicy }
  | { ok: false; issues: OpenSloIssue[] };

/**
 * Validates an OpenSLO v1 document of a kind Steward reads (SLO, SLI,
 * AlertPolicy), as written in a repository or as an entity from the catalog.
 * Every problem is reported, each with the path of the value and the rule it
 * breaks.
 *
 * @public
 */
export function validateOpenSloEntity(doc: unknown): OpenSloValidationResult {
  const kind =
    typeof doc === 'object' && doc !== null
      ? (doc as { kind?: unknown }).kind
      : undefined;
  switch (kind) {
    case 'SLO': {
      const result = parseWithIssues(openSloSloSchema, doc);
      return result.ok ? { ok: true, kind, value: result.value } : result;
    }
    case 'SLI': {
      const result = parseWithIssues(openSloSliSchema, doc);
      return result.ok ? { ok: true, kind, value: result.value } : result;
    }
    case 'AlertPolicy': {
      const result = parseWithIssues(openSloAlertPolicySchema, doc);
      return result.ok ? { ok: true, kind, value: result.value } : result;
    }
    default:
      return {
        ok: false,
        issues: [
          {
            path: 'kind',
            message:
              kind === undefined
                ? 'is required'
                : 'must be one of SLO, SLI, AlertPolicy',
          },
        ],
      };
  }
}
