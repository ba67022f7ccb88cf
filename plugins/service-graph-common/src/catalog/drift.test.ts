import { computeDrift } from './drift';

describe('computeDrift', () => {
  it.each<[string, string[], string[], [string[], string[], string[]]]>([
    ['nothing declared or seen', [], [], [[], [], []]],
    [
      'all declared and seen',
      ['component:default/cart', 'resource:default/db'],
      ['resource:default/db', 'component:default/cart'],
      [[], [], ['component:default/cart', 'resource:default/db']],
    ],
    [
      'declared but never seen',
      ['component:default/search', 'component:default/cart'],
      ['component:default/cart'],
      [['component:default/search'], [], ['component:default/cart']],
    ],
    [
      'seen but never declared',
      [],
      ['resource:default/db', 'component:default/cart'],
      [[], ['component:default/cart', 'resource:default/db'], []],
    ],
    [
      'both, with duplicates',
      ['component:default/b', 'component:default/a', 'component:default/a'],
      ['component:default/c', 'component:default/a', 'component:default/c'],
      [
        ['component:default/b'],
        ['component:default/c'],
        ['component:default/a'],
      ],
    ],
  ])(
    '%s',
    (
      _,
      declared,
      observed,
      [declaredNotObserved, observedNotDeclared, confirmed],
    ) => {
      expect(
        computeDrift({ entityRef: 'component:default/x', declared, observed }),
      ).toEqual({
        entityRef: 'component:default/x',
        declaredNotObserved,
        observedNotDeclared,
        confirmed,
      });
    },
  );
});
