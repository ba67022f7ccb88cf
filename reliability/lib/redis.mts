// The suites' Redis keys: Backstage's cache prefixes every key with the
// configured namespace, so a suite can count and remove its own.
import { createClient } from '@redis/client';
import { REDIS_URL } from './backend.mts';

async function withRedis<T>(
  fn: (client: ReturnType<typeof createClient>) => Promise<T>,
): Promise<T> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.quit();
  }
}

async function keysOf(
  client: ReturnType<typeof createClient>,
  namespace: string,
): Promise<string[]> {
  const keys: string[] = [];
  for await (const found of client.scanIterator({
    MATCH: `${namespace}:*`,
    COUNT: 1000,
  })) {
    keys.push(...(Array.isArray(found) ? found : [found]));
  }
  return keys;
}

export function redisKeys(namespace: string): Promise<string[]> {
  return withRedis(client => keysOf(client, namespace));
}

export function clearRedis(namespace: string): Promise<number> {
  return withRedis(async client => {
    const keys = await keysOf(client, namespace);
    for (const key of keys) await client.del(key);
    return keys.length;
  });
}
