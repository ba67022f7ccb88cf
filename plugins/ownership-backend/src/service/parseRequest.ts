import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * Parses a request part with zod, or throws a 400 that names every field
 * and the rule it breaks.
 */
export function parseRequest<T>(options: {
  schema: z.ZodType<T, z.ZodTypeDef, unknown>;
  value: unknown;
  what: string;
}): T {
  const parsed = options.schema.safeParse(options.value);
  if (!parsed.success) {
    throw new InputError(
      `Invalid ${options.what}: ${parsed.error.issues
        .map(i => `${i.path.join('.') || options.what}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}
