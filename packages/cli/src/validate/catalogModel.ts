import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  KindValidator,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { parsePath, pointerToPath } from './paths';

// By kind: a validator given an entity of another kind still runs its whole
// schema before it declines, and compiles it on first use.
const KIND_VALIDATORS: Record<string, KindValidator> = {
  API: apiEntityV1alpha1Validator,
  Component: componentEntityV1alpha1Validator,
  Domain: domainEntityV1alpha1Validator,
  Group: groupEntityV1alpha1Validator,
  Location: locationEntityV1alpha1Validator,
  Resource: resourceEntityV1alpha1Validator,
  System: systemEntityV1alpha1Validator,
  User: userEntityV1alpha1Validator,
};

// The policies the catalog applies to every entity it reads, before the
// kind's own schema. The catalog model reports only the first problem, so the
// root fields policy goes first: it names an unknown field, where the
// envelope schema only says there is one.
const POLICY = EntityPolicies.allOf([
  new NoForeignRootFieldsEntityPolicy(),
  new SchemaValidEntityPolicy(),
  new DefaultNamespaceEntityPolicy(),
  new FieldFormatEntityPolicy(),
]);

export type CatalogModelIssue = {
  path: Array<string | number>;
  message: string;
};

// The words Steward's own validators use for JSON types.
const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'empty',
};

/** The kinds Backstage's catalog builds in, each with its own schema. */
export const BACKSTAGE_KINDS = Object.keys(KIND_VALIDATORS);

const LEARN_MORE = / To learn more about catalog file format.*$/s;

/**
 * The catalog model throws its first problem as text; this splits the text
 * into the field and the rule, for the three shapes it takes: ajv's
 * (`/spec/owner must be string - type: string`), the field format policy's
 * (`"metadata.name" is not valid; expected ...`) and the root fields
 * policy's (`Unknown field foo`).
 */
export function catalogModelIssue(error: unknown): CatalogModelIssue {
  const text = String(error instanceof Error ? error.message : error)
    .replace(/^Malformed envelope, /, '')
    .replace(LEARN_MORE, '');
  const ajv = /^(\/\S*|<root>) (.*?)(?: - (\w+): (.*))?$/s.exec(text);
  if (ajv) {
    const path = ajv[1] === '<root>' ? [] : pointerToPath(ajv[1]);
    if (ajv[3] === 'missingProperty') {
      return { path: [...path, ajv[4]], message: 'is required' };
    }
    if (ajv[3] === 'additionalProperty') {
      return { path: [...path, ajv[4]], message: 'is not a known field' };
    }
    if (ajv[3] === 'allowedValues') {
      return { path, message: `must be one of ${ajv[4]}` };
    }
    const required = /^must have required property '(.+)'$/.exec(ajv[2]);
    if (required) {
      return { path: [...path, required[1]], message: 'is required' };
    }
    const type =
      /^must be (string|number|integer|boolean|object|array|null)$/.exec(
        ajv[2],
      );
    if (type) {
      return { path, message: `must be ${TYPE_NAMES[type[1]]}` };
    }
    return { path, message: ajv[2] };
  }
  const format = /^"?([^"\s]+)"? (is not valid;.*|must have a value)$/s.exec(
    text,
  );
  if (format) {
    return { path: parsePath(format[1]), message: format[2].trim() };
  }
  const foreign = /^Unknown field (\S+)$/.exec(text);
  if (foreign) {
    return { path: [foreign[1]], message: 'is not a known field' };
  }
  return { path: [], message: text };
}

/**
 * Validates an entity as Backstage's catalog would: the entity policies,
 * then the schema of its kind. Undefined when valid; `kind: 'unknown'` when
 * no built-in kind claims it.
 */
export async function validateCatalogEntity(
  entity: Entity,
): Promise<CatalogModelIssue | { unknownKind: true } | undefined> {
  try {
    const checked = (await POLICY.enforce(entity)) ?? entity;
    const validator = Object.hasOwn(KIND_VALIDATORS, checked.kind)
      ? KIND_VALIDATORS[checked.kind]
      : undefined;
    if (validator && (await validator.check(checked))) {
      return undefined;
    }
  } catch (error) {
    return catalogModelIssue(error);
  }
  return { unknownKind: true };
}
