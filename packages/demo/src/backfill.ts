import { ROOT_CONTEXT } from '@opentelemetry/api';
import { BackendClient } from './backendClient';
import { historicalScenario } from './model/faults';
import { pick, seededRandom } from './model/random';
import { PAGE_MIX } from './model/shop';
import { arrivals } from './model/traffic';
import { virtualClock } from './runtime/clock';
import { directTransport } from './runtime/directTransport';
import { ShopRuntime } from './runtime/ShopRuntime';
import { Telemetry } from './runtime/telemetry';

const HOUR_MS = 3_600_000;
/** Spans are exported after every this much simulated time, bounding the SDK's queue. */
const FLUSH_EVERY_MS = 6 * HOUR_MS;

export type BackfillResult = {
  pages: number;
  seconds: number;
  fromMs: number;
  toMs: number;
};

/**
 * Writes `days` of history ending at `untilMs`: the shop's traffic at
 * `peakPerSecond` pages per second following the daily shape, with the
 * historical incidents and deploys, through the same service code and SDK
 * as the live demo but on virtual clocks, exported by the stock OTLP
 * exporter with past timestamps.
 */
export async function backfill(options: {
  endpoint: string;
  client: BackendClient;
  untilMs: number;
  days: number;
  peakPerSecond: number;
  /** Share of the time spent writing; the rest is spent waiting, to leave the CPU to the portal. */
  duty: number;
  log: (message: string) => void;
}): Promise<BackfillResult> {
  const started = Date.now();
  const fromMs = options.untilMs - options.days * 24 * HOUR_MS;
  const random = seededRandom(20261121);
  const scenario = historicalScenario(options.untilMs);
  const telemetry = Telemetry.create({
    endpoint: options.endpoint,
    mode: 'backfill',
  });
  const runtime = ShopRuntime.create({
    telemetry,
    random,
    faults: () => scenario.faults,
  });
  runtime.connect(directTransport(runtime));

  let pages = 0;
  for (let chunk = fromMs; chunk < options.untilMs; chunk += FLUSH_EVERY_MS) {
    const chunkStarted = Date.now();
    const times = arrivals({
      fromMs: chunk,
      toMs: Math.min(chunk + FLUSH_EVERY_MS, options.untilMs),
      peakPerSecond: options.peakPerSecond,
      random,
    });
    const requests = times.map(at => {
      const page = pick(random, PAGE_MIX).route;
      return runtime.serve({
        service: 'frontend',
        routeKey: page,
        path: runtime.pathOf(page.split(' ')[1]),
        parent: ROOT_CONTEXT,
        clock: virtualClock(at),
      });
    });
    await Promise.all(requests);
    pages += times.length;
    // The exporter's requests are answered after the backend's commit, so
    // this includes the backend's work on the chunk.
    await telemetry.flush();
    const busyMs = Date.now() - chunkStarted;
    await new Promise(resolve =>
      setTimeout(resolve, (busyMs * (1 - options.duty)) / options.duty),
    );
    if (Math.round((chunk - fromMs) / FLUSH_EVERY_MS) % 20 === 0) {
      options.log(
        `backfill: ${new Date(chunk)
          .toISOString()
          .slice(0, 13)}h, ${pages} pages so far`,
      );
    }
  }
  await telemetry.shutdown();
  for (const deploy of scenario.deploys) {
    await options.client.recordDeploy(deploy);
  }
  return {
    pages,
    seconds: (Date.now() - started) / 1000,
    fromMs,
    toMs: options.untilMs,
  };
}
