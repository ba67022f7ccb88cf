import { mapObservedEdges, serviceNameOf } from './mapping';
import { ObservedEdge, ObservedRelationsMapping, ServiceEntity } from './types';

describe('serviceNameOf', () => {
  it.each<[string, Record<string, string> | undefined, string]>([
    ['no annotations: the entity name', undefined, 'cart'],
    ['other annotations: the entity name', { 'steward.dev/tier': '1' }, 'cart'],
    [
      'the annotation',
      { 'steward.dev/service-name': 'cartservice' },
      'cartservice',
    ],
    [
      'the annotation, trimmed',
      { 'steward.dev/service-name': ' cartservice ' },
      'cartservice',
    ],
    [
      'a blank annotation: the entity name',
      { 'steward.dev/service-name': '  ' },
      'cart',
    ],
  ])('%s', (_, annotations, expected) => {
    expect(serviceNameOf({ metadata: { name: 'cart', annotations } })).toBe(
      expected,
    );
  });
});

const component = (name: string, serviceName = name): ServiceEntity => ({
  entityRef: `component:default/${name}`,
  kind: 'Component',
  serviceName,
});
const resource = (name: string, serviceName = name): ServiceEntity => ({
  entityRef: `resource:default/${name}`,
  kind: 'Resource',
  serviceName,
});
const edge = (
  parent: string,
  child: string,
  connectionType = '',
): ObservedEdge => ({ parent, child, connectionType });

describe('mapObservedEdges', () => {
  it.each<
    [string, ServiceEntity[], ObservedEdge[], Partial<ObservedRelationsMapping>]
  >([
    [
      'maps both ends by entity name',
      [component('frontend'), component('cart')],
      [edge('frontend', 'cart')],
      {
        relations: [
          {
            source: 'component:default/frontend',
            target: 'component:default/cart',
            connectionType: '',
          },
        ],
        unmatched: [],
      },
    ],
    [
      'maps by the service-name annotation',
      [component('cart', 'cartservice'), resource('cart-cache', 'redis-cart')],
      [edge('cartservice', 'redis-cart', 'database')],
      {
        relations: [
          {
            source: 'component:default/cart',
            target: 'resource:default/cart-cache',
            connectionType: 'database',
          },
        ],
        unmatched: [],
      },
    ],
    [
      'the entity name no longer matches once annotated',
      [component('cart', 'cartservice'), component('frontend')],
      [edge('frontend', 'cart')],
      {
        relations: [],
        unmatched: [{ serviceName: 'cart', edges: 1, role: 'server' }],
      },
    ],
    [
      'a Component wins over a Resource of the same name',
      [
        component('orders'),
        resource('orders-topic', 'orders'),
        component('shop'),
      ],
      [edge('shop', 'orders'), edge('orders', 'shop', 'messaging_system')],
      {
        relations: [
          {
            source: 'component:default/orders',
            target: 'component:default/shop',
            connectionType: 'messaging_system',
          },
          {
            source: 'component:default/shop',
            target: 'component:default/orders',
            connectionType: '',
          },
        ],
        conflicts: [],
      },
    ],
    [
      'the database of a database edge is the Resource',
      [component('cart'), resource('cart-db', 'cart'), component('frontend')],
      [edge('cart', 'cart', 'database'), edge('frontend', 'cart')],
      {
        relations: [
          {
            source: 'component:default/cart',
            target: 'resource:default/cart-db',
            connectionType: 'database',
          },
          {
            source: 'component:default/frontend',
            target: 'component:default/cart',
            connectionType: '',
          },
        ],
      },
    ],
    [
      'a database without a Resource falls back to a Component',
      [component('cart'), component('search')],
      [edge('cart', 'search', 'database')],
      {
        relations: [
          {
            source: 'component:default/cart',
            target: 'component:default/search',
            connectionType: 'database',
          },
        ],
      },
    ],
    [
      'a virtual broker node maps to a Resource',
      [component('checkout'), resource('orders')],
      [edge('checkout', 'orders', 'messaging_system')],
      {
        relations: [
          {
            source: 'component:default/checkout',
            target: 'resource:default/orders',
            connectionType: 'messaging_system',
          },
        ],
      },
    ],
    [
      'unmatched names are counted per role and sorted',
      [component('frontend')],
      [
        edge('frontend', 'legacy-billing', 'virtual_node'),
        edge('frontend', 'legacy-billing'),
        edge('batch', 'frontend'),
        edge('batch', 'legacy-billing'),
      ],
      {
        relations: [],
        unmatched: [
          { serviceName: 'batch', edges: 2, role: 'client' },
          { serviceName: 'legacy-billing', edges: 3, role: 'server' },
        ],
      },
    ],
    [
      'the virtual client is never unmatched nor a relation',
      [component('frontend'), component('user')],
      [
        edge('user', 'frontend', 'virtual_node'),
        edge('user', 'ghost', 'virtual_node'),
      ],
      {
        relations: [],
        unmatched: [{ serviceName: 'ghost', edges: 1, role: 'server' }],
      },
    ],
    [
      'a real service named user is matched',
      [component('frontend'), component('user')],
      [edge('user', 'frontend')],
      {
        relations: [
          {
            source: 'component:default/user',
            target: 'component:default/frontend',
            connectionType: '',
          },
        ],
        unmatched: [],
      },
    ],
    [
      'calls within one entity are not relations',
      [component('cart')],
      [edge('cart', 'cart')],
      { relations: [] },
    ],
    [
      'relations are deduplicated per connection type',
      [component('a'), component('b')],
      [edge('a', 'b'), edge('a', 'b'), edge('a', 'b', 'messaging_system')],
      {
        relations: [
          {
            source: 'component:default/a',
            target: 'component:default/b',
            connectionType: '',
          },
          {
            source: 'component:default/a',
            target: 'component:default/b',
            connectionType: 'messaging_system',
          },
        ],
      },
    ],
    [
      'other kinds never claim a name',
      [
        {
          entityRef: 'system:default/cart',
          kind: 'System',
          serviceName: 'cart',
        },
      ],
      [edge('cart', 'cart')],
      {
        relations: [],
        unmatched: [
          { serviceName: 'cart', edges: 1, role: 'client' },
          { serviceName: 'cart', edges: 1, role: 'server' },
        ],
      },
    ],
  ])('%s', (_, entities, edges, expected) => {
    expect(mapObservedEdges({ entities, edges })).toMatchObject(expected);
  });

  it('resolves a contested name to the smallest ref and reports it', () => {
    const entities = [
      component('cart-v2', 'cart'),
      component('cart', 'cart'),
      component('cart', 'cart'),
      resource('cart-b', 'cart'),
      resource('cart-a', 'cart'),
      component('frontend'),
    ];
    for (const order of [entities, [...entities].reverse()]) {
      expect(
        mapObservedEdges({
          entities: order,
          edges: [
            edge('frontend', 'cart'),
            edge('frontend', 'cart', 'database'),
          ],
        }),
      ).toEqual({
        relations: [
          {
            source: 'component:default/frontend',
            target: 'component:default/cart',
            connectionType: '',
          },
          {
            source: 'component:default/frontend',
            target: 'resource:default/cart-a',
            connectionType: 'database',
          },
        ],
        unmatched: [],
        conflicts: [
          {
            serviceName: 'cart',
            entityRefs: ['component:default/cart', 'component:default/cart-v2'],
            chosen: 'component:default/cart',
          },
          {
            serviceName: 'cart',
            entityRefs: ['resource:default/cart-a', 'resource:default/cart-b'],
            chosen: 'resource:default/cart-a',
          },
        ],
      });
    }
  });

  it('answers nothing for nothing', () => {
    expect(mapObservedEdges({ entities: [], edges: [] })).toEqual({
      relations: [],
      unmatched: [],
      conflicts: [],
    });
  });
});
