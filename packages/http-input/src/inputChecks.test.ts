import { z } from 'zod';
import { nulCharacterPath } from './nulCharacterPath';
import { queryNumber } from './queryNumber';

describe('nulCharacterPath', () => {
  let deep: unknown = 'x\u0000';
  for (let i = 0; i < 100_000; i++) deep = [deep];

  it.each<[string, unknown, string | undefined]>([
    ['a clean query', { service: 'shop', limit: ['1', '2'] }, undefined],
    ['a NUL in a value', { service: 'sh\u0000op' }, 'service'],
    ['a NUL in a list', { ids: ['a', '\u0000'] }, 'ids.1'],
    [
      'a NUL deep in a body',
      { document: { title: ['ok', 'x\u0000'] } },
      'document.title.1',
    ],
    ['the value itself', '\u0000', ''],
    ['numbers and null', { a: 1, b: null, c: true }, undefined],
  ])('%s', (_name, value, expected) => {
    expect(nulCharacterPath(value)).toBe(expected);
  });

  it('walks nesting deeper than the stack', () => {
    expect(nulCharacterPath(deep)).toBe(`${'0.'.repeat(99_999)}0`);
  });
});

describe('queryNumber', () => {
  const limit = queryNumber(z.number().int().min(1)).default(10);

  it.each<[string, unknown, number]>([
    ['a number', '5', 5],
    ['absent', undefined, 10],
  ])('accepts %s', (_name, input, expected) => {
    expect(limit.safeParse(input)).toEqual({ success: true, data: expected });
  });

  it.each<[string, unknown, string]>([
    ['a list', ['5', '6'], 'Expected number, received array'],
    [
      'an object with its own toString',
      { toString: 'x' },
      'Expected number, received object',
    ],
    ['an empty string', '', 'Expected number, received string'],
    ['not a number', 'abc', 'Expected number, received nan'],
    ['a fraction', '1.5', 'Expected integer, received float'],
  ])('refuses %s', (_name, input, message) => {
    expect(limit.safeParse(input).error?.issues[0].message).toBe(message);
  });
});
