import { Entity, parseEntityRef } from '@backstage/catalog-model';
import {
  auditDocs,
  validateGroupOnCall,
} from '@steward/plugin-ownership-common';
import {
  OpenSloAlertPolicy,
  OpenSloSli,
  OpenSloSlo,
  formatPath,
  serviceEntityRef,
  sloReferenceIssues,
  validateOpenSloDocument,
} from '@steward/plugin-slo-common';
import path from 'node:path';
import { BACKSTAGE_KINDS, validateCatalogEntity } from './catalogModel';
import { CollectedFile } from './collectFiles';
import { Finding, ValidationReport, fixHint, toReport } from './findings';
import { parsePath } from './paths';
import { YamlDocument, parseYamlFile } from './yamlFiles';

export type ValidationPolicy = {
  /** Now, for the age of docs reviews. */
  nowMs: number;
  requiredLinks?: string[];
  maxReviewAgeDays?: number;
};

/** An entity that passed its schema, and where it came from. */
type Loaded = {
  entity: Entity;
  ref: string;
  file: string;
  doc: YamlDocument;
  /** From a file to report on, rather than a --known one. */
  reported: boolean;
};

const OPENSLO_API_VERSION = 'openslo/v1';
const UNKNOWN_KIND_RULE = `must be one of ${BACKSTAGE_KINDS.join(
  ', ',
)} (apiVersion backstage.io/v1alpha1) or SLO, SLI, AlertPolicy (apiVersion openslo/v1)`;

/** yaml's error codes, as the edit that usually fixes them. */
const SYNTAX_FIXES: Record<string, string> = {
  BAD_INDENT: 'indent this line like the other keys of its mapping',
  DUPLICATE_KEY: 'remove one of the two keys, or rename it',
  MISSING_CHAR: 'add the missing closing character',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  BLOCK_AS_IMPLICIT_KEY: 'put a space after the colon, or quote the value',
  MULTILINE_IMPLICIT_KEY: 'quote the value, or put it on one line',
};

function fullRef(kind: string, namespace: string | undefined, name: string) {
  return `${kind}:${namespace ?? 'default'}/${name}`.toLocaleLowerCase('en-US');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates catalog and OpenSLO files as the catalog and Steward's backends
 * would read them: YAML syntax; Backstage's entity policies and kind
 * schemas; the OpenSLO schemas; Steward's docs audit of Components and the
 * on-call extension of Groups; and references between files (owners, the
 * Component, SLI and AlertPolicies an SLO names). `known` files supply
 * entities that exist elsewhere (the org's Groups, the SLI library) without
 * being reported on.
 */
export async function validateFiles(options: {
  files: CollectedFile[];
  known?: CollectedFile[];
  cwd: string;
  policy: ValidationPolicy;
}): Promise<ValidationReport> {
  const findings: Finding[] = [];
  const loaded: Loaded[] = [];
  let entities = 0;

  const load = async (file: CollectedFile, reported: boolean) => {
    const name = path.relative(options.cwd, file.file) || file.file;
    const add = (
      doc: YamlDocument,
      issue: {
        path: string;
        rule: string;
        message: string;
        fix?: string;
        severity?: Finding['severity'];
      },
    ) => {
      if (!reported) return;
      const keys = parsePath(issue.path);
      const at =
        issue.message === 'is not a known field' ? ('key' as const) : undefined;
      findings.push({
        file: name,
        ...doc.locate(keys, at),
        severity: issue.severity ?? 'error',
        path: issue.path,
        rule: issue.rule,
        message: issue.message,
        fix: issue.fix ?? fixHint(issue.path, issue.message),
      });
    };

    const parsed = parseYamlFile(file.text);
    if (reported) {
      for (const error of parsed.errors) {
        findings.push({
          file: name,
          line: error.line,
          column: error.column,
          severity: 'error',
          path: '',
          rule: 'yaml-syntax',
          message: `${error.message} (${error.code})`,
          fix: SYNTAX_FIXES[error.code] ?? 'correct the YAML here',
        });
      }
    }
    for (const doc of parsed.documents) {
      if (reported) entities += 1;
      const value = doc.value;
      if (!isObject(value)) {
        add(doc, {
          path: '',
          rule: 'not-an-entity',
          message: 'must be a mapping with apiVersion, kind, metadata and spec',
        });
        continue;
      }
      if (value.apiVersion === OPENSLO_API_VERSION) {
        const result = validateOpenSloDocument(value);
        if (!result.ok) {
          for (const issue of result.issues) {
            add(doc, { ...issue, rule: 'openslo-schema' });
          }
          continue;
        }
      } else {
        const issue = await validateCatalogEntity(value as unknown as Entity);
        if (issue && 'unknownKind' in issue) {
          add(doc, {
            path: 'kind',
            rule: 'unknown-kind',
            message: UNKNOWN_KIND_RULE,
          });
          continue;
        }
        if (issue) {
          add(doc, {
            path: formatPath(issue.path),
            rule: 'catalog-schema',
            message: issue.message,
          });
          continue;
        }
      }
      const entity = value as unknown as Entity;
      loaded.push({
        entity,
        ref: fullRef(
          entity.kind,
          entity.metadata.namespace,
          entity.metadata.name,
        ),
        file: name,
        doc,
        reported,
      });
    }
  };

  // A file given both ways is validated, not taken on trust.
  const validated = new Set(options.files.map(f => f.file));
  for (const file of options.known ?? []) {
    if (!validated.has(file.file)) await load(file, false);
  }
  for (const file of options.files) {
    await load(file, true);
  }

  findings.push(...crossCheck({ loaded, policy: options.policy }));
  return toReport({ files: options.files.length, entities, findings });
}

/** Checks that need every file: duplicates, owners, docs, on-call, SLO refs. */
function crossCheck(options: {
  loaded: Loaded[];
  policy: ValidationPolicy;
}): Finding[] {
  const { loaded, policy } = options;
  const findings: Finding[] = [];
  const byRef = new Map<string, Loaded>();
  const refsOf = (kind: string) =>
    new Set(loaded.filter(l => l.entity.kind === kind).map(l => l.ref));
  const groupRefs = refsOf('Group');
  const userRefs = refsOf('User');
  const unchecked = new Map<
    string,
    { at: Loaded; path: string; count: number }
  >();

  const report = (
    at: Loaded,
    issue: Omit<Finding, 'file' | 'line' | 'column' | 'fix'> & {
      fix?: string;
    },
  ) => {
    if (!at.reported) return;
    findings.push({
      file: at.file,
      ...at.doc.locate(parsePath(issue.path)),
      ...issue,
      fix: issue.fix ?? fixHint(issue.path, issue.message),
    });
  };
  /** A reference to a kind that none of the files has cannot be checked. */
  const canCheck = (at: Loaded, kind: string, refPath: string) => {
    if (loaded.some(l => l.entity.kind === kind)) return true;
    const entry = unchecked.get(kind);
    if (entry) entry.count += 1;
    else if (at.reported) unchecked.set(kind, { at, path: refPath, count: 1 });
    return false;
  };

  for (const item of loaded) {
    const first = byRef.get(item.ref);
    if (first && item.reported) {
      report(item, {
        severity: 'error',
        path: 'metadata.name',
        rule: 'duplicate-entity',
        message: `must be unique: ${item.ref} is also defined in ${first.file}:${first.doc.start.line}`,
        fix: 'rename one of the two, or delete the copy',
      });
    } else if (!first) {
      byRef.set(item.ref, item);
    }
  }

  for (const item of loaded) {
    if (!item.reported) continue;
    const { entity } = item;
    const namespace = entity.metadata.namespace;
    switch (entity.kind) {
      case 'Component': {
        const checkOwner = canCheck(item, 'Group', 'spec.owner');
        const audit = auditDocs({
          entity,
          now: policy.nowMs,
          policy: {
            groupRefs,
            requiredLinks: policy.requiredLinks,
            maxReviewAgeDays: policy.maxReviewAgeDays,
          },
        });
        for (const f of audit.findings) {
          if (f.rule === 'unknown-owner' && !checkOwner) continue;
          report(item, {
            severity: f.severity,
            path: f.path,
            rule: f.rule,
            message: `Component ${entity.metadata.name} ${f.message}`,
            fix: f.fix,
          });
        }
        break;
      }
      case 'Group': {
        const result = validateGroupOnCall(entity, {
          userRefs: userRefs.size ? userRefs : undefined,
          groupRefs: groupRefs.size ? groupRefs : undefined,
        });
        if (!result.ok) {
          for (const issue of result.issues) {
            report(item, { severity: 'error', rule: 'oncall', ...issue });
          }
        }
        break;
      }
      case 'SLO':
        checkSloReferences({ item, byRef, canCheck, report });
        break;
      default: {
        const owner = entity.spec?.owner;
        if (
          typeof owner !== 'string' ||
          !canCheck(item, 'Group', 'spec.owner')
        ) {
          break;
        }
        let ref: string | undefined;
        try {
          const parsed = parseEntityRef(owner, {
            defaultKind: 'group',
            defaultNamespace: namespace ?? 'default',
          });
          ref = fullRef(parsed.kind, parsed.namespace, parsed.name);
        } catch {
          ref = undefined;
        }
        if (!ref || (!groupRefs.has(ref) && !userRefs.has(ref))) {
          report(item, {
            severity: 'error',
            path: 'spec.owner',
            rule: 'unknown-owner',
            message: `must be a Group or User in the catalog: ${
              ref ?? owner
            } is not`,
            fix: 'set spec.owner to an existing Group, or add that Group to the catalog',
          });
        }
      }
    }
  }

  for (const [kind, { at, path: refPath, count }] of unchecked) {
    report(at, {
      severity: 'warning',
      path: refPath,
      rule: 'unchecked-reference',
      message: `cannot be checked: no ${kind} is among the files given (${count} reference${
        count === 1 ? '' : 's'
      } unchecked)`,
      fix: `pass the files that define your organisation's ${kind} entities with --known`,
    });
  }
  return findings;
}

function checkSloReferences(options: {
  item: Loaded;
  byRef: ReadonlyMap<string, Loaded>;
  canCheck: (at: Loaded, kind: string, path: string) => boolean;
  report: (
    at: Loaded,
    finding: Omit<Finding, 'file' | 'line' | 'column' | 'fix'>,
  ) => void;
}): void {
  const { item, byRef, canCheck, report } = options;
  const slo = item.entity as unknown as OpenSloSlo;
  const namespace = slo.metadata.namespace;
  const componentRef = serviceEntityRef(slo);
  const named = <T>(kind: string, name: string | undefined) =>
    name === undefined
      ? undefined
      : (byRef.get(fullRef(kind, namespace, name))?.entity as unknown as
          | T
          | undefined);

  const slis = new Map<string, OpenSloSli>();
  const sli = named<OpenSloSli>('SLI', slo.spec.indicatorRef);
  if (sli) slis.set(sli.metadata.name, sli);
  const policies = new Map<string, OpenSloAlertPolicy>();
  for (const policyItem of slo.spec.alertPolicies ?? []) {
    let name: string | undefined;
    if (typeof policyItem === 'string') name = policyItem;
    else if ('alertPolicyRef' in policyItem) name = policyItem.alertPolicyRef;
    const policy = named<OpenSloAlertPolicy>('AlertPolicy', name);
    if (policy) policies.set(policy.metadata.name, policy);
  }

  const checkComponent = canCheck(item, 'Component', 'spec.service');
  const checkSli =
    slo.spec.indicatorRef === undefined ||
    canCheck(item, 'SLI', 'spec.indicatorRef');
  const refsPolicies = (slo.spec.alertPolicies ?? []).some(
    p => typeof p === 'string' || 'alertPolicyRef' in p,
  );
  const checkPolicies =
    !refsPolicies || canCheck(item, 'AlertPolicy', 'spec.alertPolicies');

  const issues = sloReferenceIssues({
    slo,
    componentExists: !checkComponent || byRef.has(componentRef),
    componentRef,
    slis,
    policies,
  }).filter(
    issue =>
      (checkSli || issue.path !== 'spec.indicatorRef') &&
      (checkPolicies || !issue.path.startsWith('spec.alertPolicies')),
  );
  for (const issue of issues) {
    report(item, { severity: 'error', rule: 'slo-reference', ...issue });
  }
}
