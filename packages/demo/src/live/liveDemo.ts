import { BackendClient } from '../backendClient';
import { Fault, liveScenario } from '../model/faults';
import { pick, Random } from '../model/random';
import { PAGE_MIX } from '../model/shop';
import { pagesPerSecond } from '../model/traffic';
import { ShopRuntime } from '../runtime/ShopRuntime';
import { Telemetry } from '../runtime/telemetry';
import { HttpShop } from './httpTransport';

/** Page loads in flight above which the generator skips arrivals rather than pile up. */
const MAX_IN_FLIGHT = 64;

export type LiveDemo = { stop(): Promise<void> };

/**
 * The live shop: every service on a loopback HTTP port, shoppers arriving
 * as a Poisson process that follows the daily traffic shape, and the
 * scripted incidents of {@link liveScenario} (from `startMs`), including
 * the deploy of shipping recorded through the SLO API.
 */
export async function startLiveDemo(options: {
  endpoint: string;
  client: BackendClient;
  peakPerSecond: number;
  startMs: number;
  random: Random;
  log: (message: string) => void;
}): Promise<LiveDemo> {
  const { random, log } = options;
  const scenario = liveScenario(options.startMs);
  const faults: Fault[] = scenario.faults;
  const telemetry = Telemetry.create({
    endpoint: options.endpoint,
    mode: 'live',
  });
  const runtime = ShopRuntime.create({
    telemetry,
    random,
    faults: () => faults,
  });
  const shop = await HttpShop.start(runtime);

  const timers: NodeJS.Timeout[] = [];
  for (const fault of faults) {
    timers.push(
      setTimeout(
        () => log(`fault: ${fault.name} starts (${fault.service})`),
        Math.max(0, fault.fromMs - Date.now()),
      ),
      setTimeout(
        () => log(`fault: ${fault.name} ends`),
        Math.max(0, fault.toMs - Date.now()),
      ),
    );
  }
  for (const deploy of scenario.deploys) {
    timers.push(
      setTimeout(() => {
        options.client
          .recordDeploy(deploy)
          .then(() =>
            log(`deploy: recorded ${deploy.entityRef} ${deploy.version}`),
          )
          .catch(error =>
            log(`deploy: could not record ${deploy.entityRef}: ${error}`),
          );
      }, Math.max(0, deploy.atMs - Date.now())),
    );
  }

  let inFlight = 0;
  let stopped = false;
  let nextArrival: NodeJS.Timeout | undefined;
  const arrive = () => {
    if (stopped) return;
    if (inFlight < MAX_IN_FLIGHT) {
      const page = pick(random, PAGE_MIX).route;
      const [method, template] = page.split(' ');
      inFlight++;
      void shop
        .request({ to: 'frontend', method, path: runtime.pathOf(template) })
        .finally(() => inFlight--);
    }
    const rate = pagesPerSecond({
      atMs: Date.now(),
      peakPerSecond: options.peakPerSecond,
    });
    nextArrival = setTimeout(
      arrive,
      (-Math.log(1 - random.next()) / rate) * 1000,
    );
  };
  arrive();

  return {
    async stop() {
      stopped = true;
      clearTimeout(nextArrival);
      for (const timer of timers) clearTimeout(timer);
      await shop.stop();
      await telemetry.shutdown();
    },
  };
}
