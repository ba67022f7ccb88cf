import { TraceIndex } from './TraceIndex';

/** A fingerprint whose home slot is `home` (for an index of size 16). */
const at = (home: number, n: number) => n * 2 ** 32 + home;

describe('TraceIndex', () => {
  it.each<[string, Array<['set', number, number] | ['delete', number]>]>([
    ['finds what was set', [['set', at(3, 1), 7]]],
    [
      'keeps a run of collisions findable after deleting its head',
      [
        ['set', at(3, 1), 1],
        ['set', at(3, 2), 2],
        ['set', at(4, 1), 3],
        ['set', at(3, 3), 4],
        ['delete', at(3, 1)],
      ],
    ],
    [
      'keeps entries at their home when deleting before them',
      [
        ['set', at(5, 1), 1],
        ['set', at(6, 1), 2],
        ['set', at(5, 2), 3],
        ['delete', at(5, 1)],
        ['delete', at(6, 1)],
      ],
    ],
    [
      'wraps around the end of the table',
      [
        ['set', at(15, 1), 1],
        ['set', at(15, 2), 2],
        ['set', at(0, 1), 3],
        ['set', at(15, 3), 4],
        ['delete', at(15, 1)],
        ['delete', at(15, 2)],
      ],
    ],
    ['ignores deleting what is absent', [['delete', at(9, 1)]]],
  ])('%s', (_, steps) => {
    const index = TraceIndex.create({ capacity: 8 });
    const expected = new Map<number, number>();
    for (const step of steps) {
      if (step[0] === 'set') {
        index.set(step[1], step[2]);
        expected.set(step[1], step[2]);
      } else {
        index.delete(step[1]);
        expected.delete(step[1]);
      }
    }
    const asked = new Set(steps.map(step => step[1]));
    for (const fingerprint of asked) {
      expect(index.get(fingerprint)).toBe(expected.get(fingerprint) ?? -1);
    }
  });

  it('agrees with a Map over many random sets and deletes at full load', () => {
    let seed = 42;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    const capacity = 64;
    const index = TraceIndex.create({ capacity });
    const expected = new Map<number, number>();
    let fullest = 0;
    const lost: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      // Few distinct homes, so that runs collide and wrap.
      const fingerprint = at(random() % 128, (random() % 8) + 1);
      if (expected.has(fingerprint)) {
        index.delete(fingerprint);
        expected.delete(fingerprint);
      } else if (expected.size < capacity) {
        index.set(fingerprint, i);
        expected.set(fingerprint, i);
      }
      fullest = Math.max(fullest, expected.size);
      if (i % 97 === 0) {
        for (const [key, slot] of expected) {
          if (index.get(key) !== slot) lost.push(`${key} after step ${i}`);
        }
      }
    }
    expect(lost).toEqual([]);
    expect(fullest).toBe(capacity);
    for (const [key, slot] of expected) expect(index.get(key)).toBe(slot);
  });
});
