import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { SERVICE_NAMES, SHOP, ServiceName } from '../model/shop';
import { wallClock } from '../runtime/clock';
import { ShopRuntime, Transport } from '../runtime/ShopRuntime';

const propagator = new W3CTraceContextPropagator();
const QUEUE_MS = 20;

type Listening = { port: number; server: http.Server };

/** Matches a request to a route key (`METHOD /path/:param`) of a service. */
function routeMatcher(service: ServiceName) {
  const routes = Object.entries(SHOP[service].routes).map(([key, r]) => ({
    key,
    method: r.method,
    pattern: new RegExp(`^${r.path.replace(/:[A-Za-z]+/g, '[^/]+')}$`),
  }));
  return (method: string, path: string) =>
    routes.find(r => r.method === method && r.pattern.test(path))?.key;
}

/**
 * Every service as an HTTP server on a loopback port of its own, and calls
 * between them as HTTP requests carrying W3C `traceparent`, so each SERVER
 * span continues its caller's CLIENT span across a real socket. Messages go
 * through an in-process queue (the demo has no Kafka) to the consumers.
 */
export class HttpShop {
  private constructor(
    private readonly listening: Map<ServiceName, Listening>,
    private readonly agent: http.Agent,
  ) {}

  static async start(runtime: ShopRuntime): Promise<HttpShop> {
    const listening = new Map<ServiceName, Listening>();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    for (const service of SERVICE_NAMES) {
      if (Object.keys(SHOP[service].routes).length === 0) continue;
      const match = routeMatcher(service);
      const server = http.createServer((req, res) => {
        req.resume();
        const path = (req.url ?? '/').split('?')[0];
        const routeKey = match(req.method ?? 'GET', path);
        if (!routeKey) {
          res.writeHead(404).end();
          return;
        }
        const parent = propagator.extract(
          ROOT_CONTEXT,
          req.headers,
          defaultTextMapGetter,
        );
        runtime
          .serve({ service, routeKey, path, parent, clock: wallClock })
          .then(
            status =>
              res
                .writeHead(status, { 'content-type': 'application/json' })
                .end('{}'),
            () => res.writeHead(500).end(),
          );
      });
      await new Promise<void>(resolve =>
        server.listen(0, '127.0.0.1', resolve),
      );
      listening.set(service, {
        server,
        port: (server.address() as AddressInfo).port,
      });
    }
    const shop = new HttpShop(listening, agent);
    runtime.connect(shop.transport(runtime));
    return shop;
  }

  /** Sends one request to a service over HTTP; answers its status (599 when the socket failed). */
  request(options: {
    to: ServiceName;
    method: string;
    path: string;
    headers?: Record<string, string>;
  }): Promise<number> {
    const { port } = this.listening.get(options.to)!;
    return new Promise(resolve => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: options.method,
          path: options.path,
          headers: options.headers,
          agent: this.agent,
          timeout: 10_000,
        },
        res => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 599));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve(599));
      req.end();
    });
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    await Promise.all(
      [...this.listening.values()].map(l => {
        const closed = new Promise(resolve => l.server.close(resolve));
        l.server.closeAllConnections();
        return closed;
      }),
    );
  }

  private transport(runtime: ShopRuntime): Transport {
    return {
      call: options => {
        const headers: Record<string, string> = {};
        propagator.inject(options.context, headers, defaultTextMapSetter);
        const [method] = options.routeKey.split(' ');
        return this.request({
          to: options.to,
          method,
          path: options.path,
          headers,
        });
      },
      publish: options => {
        for (const service of options.consumers) {
          setTimeout(() => {
            runtime
              .consume({
                service,
                producer: options.producer,
                clock: wallClock,
              })
              .catch(() => {});
          }, QUEUE_MS);
        }
      },
    };
  }
}
