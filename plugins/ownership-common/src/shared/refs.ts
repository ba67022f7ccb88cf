import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * The full, lowercase ref (`group:default/storefront`) of what a catalog file
 * wrote (`storefront`, `group:storefront`, `default/storefront`), or
 * undefined when it is not a ref or names an entity of another kind. The
 * catalog compares refs case-insensitively; so do we, by lowercasing.
 */
export function normalizeRef(
  value: string,
  options: { kind: string; defaultNamespace?: string },
): string | undefined {
  let parsed;
  try {
    parsed = parseEntityRef(value, {
      defaultKind: options.kind,
      defaultNamespace: options.defaultNamespace,
    });
  } catch {
    return undefined;
  }
  if (parsed.kind.toLowerCase() !== options.kind.toLowerCase()) {
    return undefined;
  }
  return stringifyEntityRef(parsed);
}
