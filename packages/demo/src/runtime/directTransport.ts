import { ShopRuntime, Transport } from './ShopRuntime';

const NETWORK_MS = 0.4;
const QUEUE_MS = 15;

/**
 * Requests as direct calls on the caller's clock, for the backfill: the
 * spans, their kinds, parents and links are the same as over HTTP, without
 * sockets, and with virtual time.
 */
export function directTransport(runtime: ShopRuntime): Transport {
  return {
    async call(options) {
      await options.clock.wait(NETWORK_MS);
      const status = await runtime.serve({
        service: options.to,
        routeKey: options.routeKey,
        path: options.path,
        parent: options.context,
        clock: options.clock,
      });
      await options.clock.wait(NETWORK_MS);
      return status;
    },
    publish(options) {
      for (const service of options.consumers) {
        const clock = options.clock.fork();
        void clock
          .wait(QUEUE_MS)
          .then(() =>
            runtime.consume({ service, producer: options.producer, clock }),
          );
      }
    },
  };
}
