// Reading the backends' APIs as an operator's tooling would: with a static
// external-access token (a service principal), which startBackend configures.
import { createServer } from 'node:net';

/** The static token every reliability backend accepts (loopback only). */
export const RELIABILITY_TOKEN = 'steward-reliability-harness-token';

export const tokenConfig = {
  backend: {
    auth: {
      externalAccess: [
        {
          type: 'static',
          options: { token: RELIABILITY_TOKEN, subject: 'reliability-harness' },
        },
      ],
    },
  },
};

export async function getJson<T = any>(
  baseUrl: string,
  path: string,
): Promise<T> {
  const r = await fetch(`${baseUrl}${path}`, {
    headers: { Authorization: `Bearer ${RELIABILITY_TOKEN}` },
  });
  if (!r.ok) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/** Polls `probe` until it returns a value, or throws with the last reason. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await sleep(options.intervalMs ?? 1000);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
}

export const sleep = (ms: number) => new Promise<void>(r => setTimeout(r, ms));

/** The first port in [from, to] that nothing listens on. */
export async function freePortIn(from: number, to: number): Promise<number> {
  for (let port = from; port <= to; port++) {
    const free = await new Promise<boolean>(resolve => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}-${to}`);
}

export type DependencyRow = {
  parent: string;
  child: string;
  callCount: number;
  errorCount: number;
};

/** Every edge the dependency API has counted since `fromMs` (within the last two days). */
export async function readDependencies(
  baseUrl: string,
  fromMs: number,
): Promise<DependencyRow[]> {
  const from = encodeURIComponent(new Date(fromMs).toISOString());
  const answer = await getJson<{ dependencies: DependencyRow[] }>(
    baseUrl,
    `/api/service-graph/v1/dependencies?from=${from}`,
  );
  return answer.dependencies;
}
