import { z } from 'zod';

/**
 * A number in the query string. `z.coerce` would call `Number()` on any
 * value, and a query such as `limit[toString]=x` makes an object whose
 * conversion throws (a 500); lists and objects are refused by name instead.
 *
 * @public
 */
export function queryNumber<T extends z.ZodTypeAny>(schema: T) {
  return z.preprocess(
    value =>
      typeof value === 'string' && value.trim() !== '' ? Number(value) : value,
    schema,
  );
}
