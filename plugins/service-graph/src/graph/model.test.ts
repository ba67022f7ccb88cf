import type { DependencyLink } from '@steward/plugin-service-graph-common';
import { buildGraph } from './model';

function link(
  parent: string,
  child: string,
  calls = 10,
  errors = 0,
): DependencyLink {
  return {
    parent,
    child,
    callCount: calls,
    errorCount: errors,
    connectionType: 'http',
    latencyMs: { p50: 5, p99: 50 },
  };
}

const dependencies = [
  link('user', 'checkout'),
  link('checkout', 'payment', 100, 4),
  link('checkout', 'cart', 50, 0),
  link('payment', 'bank', 100, 10),
];

describe('buildGraph', () => {
  it.each([
    [
      'neighbours only, with drift',
      'neighbours' as const,
      {
        confirmed: ['payment'],
        observedNotDeclared: ['cart'],
        declaredNotObserved: ['inventory'],
      },
      [
        ['user → checkout', 'observed'],
        ['checkout → payment', 'confirmed'],
        ['checkout → cart', 'undeclared'],
        ['checkout → inventory', 'missing'],
      ],
    ],
    [
      'whole graph, no drift known',
      'all' as const,
      undefined,
      [
        ['user → checkout', 'observed'],
        ['checkout → payment', 'observed'],
        ['checkout → cart', 'observed'],
        ['payment → bank', 'observed'],
      ],
    ],
  ])('%s', (_name, scope, drift, expected) => {
    const graph = buildGraph({ dependencies, focus: 'checkout', drift, scope });
    expect(graph.edges.map(e => [e.id, e.status])).toEqual(expected);
  });

  it('rates nodes by the errors of the calls into them', () => {
    const graph = buildGraph({ dependencies, focus: 'checkout', scope: 'all' });
    expect(
      Object.fromEntries(graph.nodes.map(n => [n.id, n.errorRate])),
    ).toEqual({
      bank: 0.1,
      cart: 0,
      checkout: 0,
      payment: 0.04,
      user: 0,
    });
    expect(graph.nodes.filter(n => n.focus).map(n => n.id)).toEqual([
      'checkout',
    ]);
  });

  it('merges connection types of one pair, summing counts', () => {
    const graph = buildGraph({
      dependencies: [
        link('a', 'b', 10, 1),
        { ...link('a', 'b', 30, 2), connectionType: 'messaging_system' },
      ],
      focus: 'a',
      scope: 'all',
    });
    expect(graph.edges).toHaveLength(1);
    expect(graph.edges[0].link).toMatchObject({
      callCount: 40,
      errorCount: 3,
      connectionType: 'http, messaging_system',
    });
  });
});
