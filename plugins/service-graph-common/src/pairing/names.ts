import { SpanKind, SpanRecord, attributeOf } from '../spans';

type AttributeSource = Pick<SpanRecord, 'attributes' | 'resource'>;

/**
 * Every attribute the functions below read: what decoders keep of a span
 * in `detail: 'naming'` mode.
 *
 * @public
 */
export const NAMING_ATTRIBUTES: ReadonlySet<string> = new Set([
  'http.route',
  'http.request.method',
  'http.method',
  'rpc.method',
  'rpc.service',
  'db.system.name',
  'db.system',
  'db.namespace',
  'db.name',
  'service.peer.name',
  'peer.service',
  'messaging.destination.name',
  'messaging.system',
  'server.address',
]);

/** A non-empty string attribute: names made of numbers or booleans are noise. */
function stringAttribute(
  span: AttributeSource,
  key: string,
): string | undefined {
  const value = attributeOf(span, key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The operation a SERVER or CONSUMER span served: its low-cardinality
 * `http.route` (prefixed with the method, e.g. "GET /cart/\{id\}"), else
 * "rpc.service/rpc.method" (or the method alone), else the span name.
 *
 * @public
 */
export function operationName(
  span: Pick<SpanRecord, 'name' | 'attributes' | 'resource'>,
): string {
  const route = stringAttribute(span, 'http.route');
  if (route !== undefined) {
    const method =
      stringAttribute(span, 'http.request.method') ??
      stringAttribute(span, 'http.method');
    return method === undefined ? route : `${method} ${route}`;
  }
  const rpcMethod = stringAttribute(span, 'rpc.method');
  if (rpcMethod !== undefined) {
    const rpcService = stringAttribute(span, 'rpc.service');
    return rpcService === undefined ? rpcMethod : `${rpcService}/${rpcMethod}`;
  }
  return span.name;
}

/**
 * Whether a CLIENT span calls a database, which never reports a server span.
 *
 * @public
 */
export function isDatabaseSpan(span: AttributeSource): boolean {
  return (
    stringAttribute(span, 'db.system.name') !== undefined ||
    stringAttribute(span, 'db.system') !== undefined
  );
}

/**
 * The virtual node a database CLIENT span calls: the database (`db.namespace`,
 * or the older `db.name`), else the kind of database. Defined whenever
 * `isDatabaseSpan` is true.
 *
 * @public
 */
export function databaseName(span: AttributeSource): string | undefined {
  return (
    stringAttribute(span, 'db.namespace') ??
    stringAttribute(span, 'db.name') ??
    stringAttribute(span, 'db.system.name') ??
    stringAttribute(span, 'db.system')
  );
}

/**
 * The name of the uninstrumented peer a CLIENT or PRODUCER span called, for
 * when no server span ever pairs with it. The destination name (a topic or
 * queue) only names a PRODUCER's peer. Database spans are named by
 * `databaseName` instead.
 *
 * @public
 */
export function virtualServerName(
  span: Pick<SpanRecord, 'kind' | 'attributes' | 'resource'>,
): string | undefined {
  return (
    stringAttribute(span, 'service.peer.name') ??
    stringAttribute(span, 'peer.service') ??
    (span.kind === SpanKind.PRODUCER
      ? stringAttribute(span, 'messaging.destination.name')
      : undefined) ??
    stringAttribute(span, 'messaging.system') ??
    stringAttribute(span, 'server.address')
  );
}
