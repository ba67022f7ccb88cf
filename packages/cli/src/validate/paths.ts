/**
 * `spec.objectives[0].target` or `metadata.annotations["steward.dev/tier"]`
 * back into its keys, the inverse of the validators' `formatPath`.
 */
export function parsePath(path: string): Array<string | number> {
  const keys: Array<string | number> = [];
  const token =
    /([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\./gy;
  while (token.lastIndex < path.length) {
    const match = token.exec(path);
    if (!match) break;
    if (match[1] !== undefined) keys.push(match[1]);
    else if (match[2] !== undefined) keys.push(Number(match[2]));
    else if (match[3] !== undefined) keys.push(JSON.parse(match[3]));
  }
  return keys;
}

/** `/spec/owner` (a JSON pointer, as ajv reports) to its keys. */
export function pointerToPath(pointer: string): Array<string | number> {
  return pointer
    .split('/')
    .slice(1)
    .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map(part => (/^\d+$/.test(part) ? Number(part) : part));
}
