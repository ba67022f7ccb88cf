/**
 * The path (`a.b.0`) of the first string holding a NUL character, `''` for
 * the value itself, or undefined if there is none. PostgreSQL text cannot
 * store a NUL, and the driver's error would answer a 500; callers refuse
 * such input with a 400 naming the path. Iterative, as a JSON body may nest
 * deeper than the stack.
 *
 * @public
 */
export function nulCharacterPath(value: unknown): string | undefined {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [item, path] = stack.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return path;
    } else if (item && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        stack.push([child, path ? `${path}.${key}` : key]);
      }
    }
  }
  return undefined;
}
