import { ServiceUnavailableError } from '@backstage/errors';
import { z } from 'zod';

/**
 * GETs a provider endpoint and checks the JSON against the documented shape.
 * Any failure (network, status, shape) is a 503 that names the provider and
 * the path, so an API caller can tell "PagerDuty is down" from a bad request.
 */
export async function fetchProviderJson<T>(options: {
  provider: string;
  baseUrl: string;
  path: string;
  query?: Record<string, string | string[]>;
  headers: Record<string, string>;
  timeoutMs: number;
  schema: z.ZodType<T, z.ZodTypeDef, unknown>;
}): Promise<T> {
  const url = new URL(`${options.baseUrl}${options.path}`);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) {
      url.searchParams.append(key, v);
    }
  }
  const where = `${options.provider} GET ${options.path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Accept: 'application/json', ...options.headers },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new ServiceUnavailableError(`${where} failed: ${error}`);
  }
  if (!response.ok) {
    throw new ServiceUnavailableError(
      `${where} answered ${response.status} ${response.statusText}`,
    );
  }
  const parsed = options.schema.safeParse(
    await response.json().catch(() => undefined),
  );
  if (!parsed.success) {
    throw new ServiceUnavailableError(
      `${where} answered an unexpected body: ${parsed.error.issues
        .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}
