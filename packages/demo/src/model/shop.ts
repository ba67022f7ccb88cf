/**
 * The demo shop's services as data: what each route does and whom it calls.
 * Modelled on the OpenTelemetry demo ("astronomy shop") and matching the
 * Components in catalog-info/, including their deliberate drift: frontend
 * calls currency without declaring it, and checkout declares quote but no
 * longer calls it (shipping does).
 */

/** OTel `service.name` of each demo service (a Component's name or its `steward.dev/service-name`). */
export type ServiceName =
  | 'frontend'
  | 'checkout'
  | 'cart'
  | 'productcatalogservice'
  | 'currency'
  | 'payment'
  | 'shipping'
  | 'quote'
  | 'email'
  | 'recommendation'
  | 'ad'
  | 'accounting'
  | 'frauddetectionservice';

/** One thing a route does, in order. */
export type Step =
  /**
   * An HTTP call to another service, tried again `retries` times on a 5xx;
   * a critical call that still fails fails the route.
   */
  | {
      type: 'call';
      service: ServiceName;
      route: string;
      critical: boolean;
      retries?: number;
    }
  /** A database query: a CLIENT span with `db.system.name` and `db.namespace`. */
  | {
      type: 'db';
      system: 'postgresql' | 'redis';
      namespace: string;
      operation: string;
      query: string;
      medianMs: number;
    }
  /** A message published to a topic (PRODUCER span); consumers run in traces of their own, linked to it. */
  | { type: 'publish'; topic: string; consumers: ServiceName[] }
  /** Steps run concurrently. */
  | { type: 'parallel'; steps: Step[] };

/** An HTTP route of a service: `http.route` is `path`. */
export type Route = {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** Median of the route's own work, besides its steps. */
  medianMs: number;
  steps: Step[];
};

/** A service: its routes by key (`METHOD path`), its consumer, its usual error rate. */
export type ServiceModel = {
  routes: Record<string, Route>;
  /** The topic this service consumes and the median time to process a message. */
  consumes?: { topic: string; operation: string; medianMs: number };
  /** Share of requests failing on an ordinary day. */
  baselineErrorRate: number;
};

type CallStep = Extract<Step, { type: 'call' }>;

const call = (
  service: ServiceName,
  route: string,
  critical = true,
): CallStep => ({ type: 'call', service, route, critical });

const route = (
  key: string,
  medianMs: number,
  steps: Step[] = [],
): [string, Route] => {
  const [method, path] = key.split(' ') as [Route['method'], string];
  return [key, { method, path, medianMs, steps }];
};

const catalogQuery: Step = {
  type: 'db',
  system: 'postgresql',
  namespace: 'catalog-db',
  operation: 'SELECT',
  query: 'SELECT id, name, price_usd FROM products WHERE id = $1',
  medianMs: 3,
};

const cartRead: Step = {
  type: 'db',
  system: 'redis',
  namespace: 'cart-cache',
  operation: 'HGETALL',
  query: 'HGETALL cart:?',
  medianMs: 1,
};

/** The shop. Optional calls degrade gracefully: prices in USD, no ads, no suggestions. */
export const SHOP: Record<ServiceName, ServiceModel> = {
  frontend: {
    baselineErrorRate: 0.0005,
    routes: Object.fromEntries([
      route('GET /', 15, [
        {
          type: 'parallel',
          steps: [
            call('productcatalogservice', 'GET /products'),
            call('cart', 'GET /cart/:userId'),
            call('currency', 'POST /convert', false),
            call('ad', 'GET /ads', false),
          ],
        },
      ]),
      route('GET /product/:id', 12, [
        call('productcatalogservice', 'GET /products/:id'),
        {
          type: 'parallel',
          steps: [
            call('currency', 'POST /convert', false),
            call('recommendation', 'GET /recommendations', false),
            call('ad', 'GET /ads', false),
          ],
        },
      ]),
      route('GET /cart', 10, [
        call('cart', 'GET /cart/:userId'),
        {
          type: 'parallel',
          steps: [
            call('shipping', 'POST /quote'),
            call('currency', 'POST /convert', false),
          ],
        },
      ]),
      route('POST /api/checkout', 8, [call('checkout', 'POST /orders')]),
    ]),
  },
  checkout: {
    baselineErrorRate: 0.00005,
    routes: Object.fromEntries([
      route('POST /orders', 20, [
        call('cart', 'GET /cart/:userId'),
        call('productcatalogservice', 'GET /products/:id'),
        call('currency', 'POST /convert'),
        call('shipping', 'POST /quote'),
        // Charges are idempotent by order id, so checkout retries them.
        { ...call('payment', 'POST /charge'), retries: 2 },
        call('shipping', 'POST /ship'),
        call('cart', 'DELETE /cart/:userId'),
        call('email', 'POST /send_order_confirmation', false),
        {
          type: 'publish',
          topic: 'orders',
          consumers: ['accounting', 'frauddetectionservice'],
        },
      ]),
    ]),
  },
  cart: {
    baselineErrorRate: 0.00005,
    routes: Object.fromEntries([
      route('GET /cart/:userId', 4, [cartRead]),
      route('DELETE /cart/:userId', 3, [
        { ...cartRead, operation: 'DEL', query: 'DEL cart:?' },
      ]),
    ]),
  },
  productcatalogservice: {
    baselineErrorRate: 0.00005,
    routes: Object.fromEntries([
      route('GET /products', 6, [
        {
          ...catalogQuery,
          query: 'SELECT id, name, price_usd FROM products LIMIT 20',
          medianMs: 6,
        },
      ]),
      route('GET /products/:id', 4, [catalogQuery]),
    ]),
  },
  currency: {
    baselineErrorRate: 0.00002,
    routes: Object.fromEntries([route('POST /convert', 3)]),
  },
  payment: {
    baselineErrorRate: 0.00003,
    routes: Object.fromEntries([route('POST /charge', 30)]),
  },
  shipping: {
    baselineErrorRate: 0.00005,
    routes: Object.fromEntries([
      route('POST /quote', 25, [call('quote', 'POST /getquote')]),
      route('POST /ship', 20),
    ]),
  },
  quote: {
    baselineErrorRate: 0.00005,
    routes: Object.fromEntries([route('POST /getquote', 8)]),
  },
  email: {
    baselineErrorRate: 0.001,
    routes: Object.fromEntries([route('POST /send_order_confirmation', 25)]),
  },
  recommendation: {
    baselineErrorRate: 0.0005,
    routes: Object.fromEntries([
      route('GET /recommendations', 15, [
        call('productcatalogservice', 'GET /products'),
      ]),
    ]),
  },
  ad: {
    baselineErrorRate: 0.001,
    routes: Object.fromEntries([route('GET /ads', 6)]),
  },
  accounting: {
    baselineErrorRate: 0.0002,
    routes: {},
    consumes: { topic: 'orders', operation: 'orders process', medianMs: 12 },
  },
  frauddetectionservice: {
    baselineErrorRate: 0.0002,
    routes: {},
    consumes: { topic: 'orders', operation: 'orders process', medianMs: 20 },
  },
};

/** The pages shoppers load, as routes of frontend, and the share of each. */
export const PAGE_MIX: Array<{ route: string; share: number }> = [
  { route: 'GET /', share: 0.3 },
  { route: 'GET /product/:id', share: 0.38 },
  { route: 'GET /cart', share: 0.2 },
  { route: 'POST /api/checkout', share: 0.12 },
];

export const SERVICE_NAMES = Object.keys(SHOP) as ServiceName[];

/** The route of `service` with `key`, or an error naming both. */
export function routeOf(service: ServiceName, key: string): Route {
  const found = SHOP[service].routes[key];
  if (!found) throw new Error(`${service} has no route ${key}`);
  return found;
}
