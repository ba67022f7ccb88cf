const NAVIGABLE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * Whether a catalog link may be rendered as a link. Links come from any
 * team's YAML, and the catalog accepts any URL, `javascript:` included:
 * only web and mail URLs (absolute, or relative to the portal) are followed.
 * Backstage's Link throws on a script URL, which would take the whole card
 * down, so callers show the others as text instead.
 *
 * @public
 */
export function isNavigableUrl(url: string): boolean {
  try {
    return NAVIGABLE_PROTOCOLS.has(
      new URL(url, 'https://portal.invalid/').protocol,
    );
  } catch {
    return false;
  }
}
