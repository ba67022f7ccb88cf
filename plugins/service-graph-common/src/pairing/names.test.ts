import { AttributeValue, SpanKind } from '../spans';
import {
  databaseName,
  isDatabaseSpan,
  NAMING_ATTRIBUTES,
  operationName,
  virtualServerName,
} from './names';

type Attributes = Record<string, AttributeValue>;

describe('operationName', () => {
  it.each<[string, Attributes, Attributes, string]>([
    [
      'route with the stable method',
      { 'http.route': '/cart/{id}', 'http.request.method': 'GET' },
      {},
      'GET /cart/{id}',
    ],
    [
      'route with the legacy method',
      { 'http.route': '/cart', 'http.method': 'POST' },
      {},
      'POST /cart',
    ],
    [
      'stable method over legacy',
      {
        'http.route': '/x',
        'http.request.method': 'PUT',
        'http.method': 'GET',
      },
      {},
      'PUT /x',
    ],
    ['route without a method', { 'http.route': '/health' }, {}, '/health'],
    ['route over rpc', { 'http.route': '/r', 'rpc.method': 'Get' }, {}, '/r'],
    [
      'rpc service and method',
      { 'rpc.service': 'cart.Cart', 'rpc.method': 'AddItem' },
      {},
      'cart.Cart/AddItem',
    ],
    ['rpc method alone', { 'rpc.method': 'AddItem' }, {}, 'AddItem'],
    [
      'rpc service alone falls to the name',
      { 'rpc.service': 'cart.Cart' },
      {},
      'span name',
    ],
    [
      'empty route falls through',
      { 'http.route': '', 'rpc.method': 'M' },
      {},
      'M',
    ],
    ['non-string route falls through', { 'http.route': 42 }, {}, 'span name'],
    ['nothing: the span name', {}, {}, 'span name'],
    [
      'method without a route: the span name',
      { 'http.request.method': 'GET' },
      {},
      'span name',
    ],
    [
      'span attribute before resource',
      { 'http.route': '/span' },
      { 'http.route': '/resource' },
      '/span',
    ],
    [
      'resource as fallback',
      {},
      { 'rpc.method': 'FromResource' },
      'FromResource',
    ],
  ])('%s', (_, attributes, resource, expected) => {
    expect(operationName({ name: 'span name', attributes, resource })).toBe(
      expected,
    );
  });
});

describe('virtualServerName', () => {
  // Each row drops the winner of the row before, so every fallback is
  // shown to lose to the ones above it.
  const all: Attributes = {
    'service.peer.name': 'service-peer-name',
    'peer.service': 'peer-service',
    'messaging.destination.name': 'destination',
    'messaging.system': 'kafka',
    'server.address': 'host.example',
  };
  const without = (...keys: string[]) =>
    Object.fromEntries(
      Object.entries(all).filter(([key]) => !keys.includes(key)),
    );

  it.each<[string, SpanKind, Attributes, string | undefined]>([
    ['service.peer.name first', SpanKind.CLIENT, all, 'service-peer-name'],
    [
      'then peer.service',
      SpanKind.CLIENT,
      without('service.peer.name'),
      'peer-service',
    ],
    [
      'destination for a producer',
      SpanKind.PRODUCER,
      without('service.peer.name', 'peer.service'),
      'destination',
    ],
    [
      'no destination for a client',
      SpanKind.CLIENT,
      without('service.peer.name', 'peer.service'),
      'kafka',
    ],
    [
      'then messaging.system',
      SpanKind.PRODUCER,
      without(
        'service.peer.name',
        'peer.service',
        'messaging.destination.name',
      ),
      'kafka',
    ],
    [
      'then server.address',
      SpanKind.CLIENT,
      { 'server.address': 'host.example' },
      'host.example',
    ],
    ['nothing', SpanKind.CLIENT, {}, undefined],
    [
      'empty strings are absent',
      SpanKind.CLIENT,
      { 'peer.service': '', 'server.address': 'h' },
      'h',
    ],
    [
      'numbers are not names',
      SpanKind.CLIENT,
      { 'peer.service': 7 },
      undefined,
    ],
  ])('%s', (_, kind, attributes, expected) => {
    expect(virtualServerName({ kind, attributes, resource: {} })).toBe(
      expected,
    );
  });

  it('reads span attributes before resource attributes', () => {
    expect(
      virtualServerName({
        kind: SpanKind.CLIENT,
        attributes: { 'server.address': 'span' },
        resource: { 'server.address': 'resource', 'peer.service': 'res-peer' },
      }),
    ).toBe('res-peer');
    expect(
      virtualServerName({
        kind: SpanKind.CLIENT,
        attributes: { 'peer.service': 'span' },
        resource: { 'peer.service': 'resource' },
      }),
    ).toBe('span');
  });
});

describe('databaseName / isDatabaseSpan', () => {
  it.each<[Attributes, boolean, string | undefined]>([
    [
      {
        'db.system.name': 'postgresql',
        'db.namespace': 'orders',
        'db.name': 'old',
      },
      true,
      'orders',
    ],
    [{ 'db.system': 'mysql', 'db.name': 'legacy' }, true, 'legacy'],
    [
      { 'db.system.name': 'postgresql', 'db.system': 'postgres' },
      true,
      'postgresql',
    ],
    [{ 'db.system': 'redis' }, true, 'redis'],
    [{ 'db.namespace': 'orders' }, false, 'orders'],
    [{ 'db.system': '' }, false, undefined],
    [{}, false, undefined],
  ])('%j', (attributes, isDatabase, name) => {
    const span = { attributes, resource: {} };
    expect(isDatabaseSpan(span)).toBe(isDatabase);
    expect(databaseName(span)).toBe(name);
  });
});

describe('NAMING_ATTRIBUTES', () => {
  /** Attributes that record every key asked of them and hold none. */
  function recording(read: Set<string>): Attributes {
    return new Proxy(
      {},
      {
        get: (_, key) => {
          read.add(String(key));
          return undefined;
        },
      },
    );
  }

  // With no attributes every lookup falls through to the next, so one call
  // per function and kind reads every key the function can read.
  it.each([
    SpanKind.SERVER,
    SpanKind.CLIENT,
    SpanKind.PRODUCER,
    SpanKind.CONSUMER,
  ])('holds every key the naming functions read (kind %s)', kind => {
    const read = new Set<string>();
    const span = {
      name: 'n',
      kind,
      attributes: recording(read),
      resource: recording(read),
    };
    operationName(span);
    isDatabaseSpan(span);
    databaseName(span);
    virtualServerName(span);
    expect([...read].filter(key => !NAMING_ATTRIBUTES.has(key))).toEqual([]);
    expect(read.size).toBeGreaterThan(0);
  });
});
