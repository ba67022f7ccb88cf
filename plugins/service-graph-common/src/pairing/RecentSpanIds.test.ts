import { spanFingerprint } from '../fingerprint';
import { randomHex, seededRandom } from '../testRandom';
import { RecentSpanIds } from './RecentSpanIds';

describe('RecentSpanIds', () => {
  it('recognises an id within the window and forgets it after two generations', () => {
    const ids = new RecentSpanIds(3);
    expect(ids.seenBefore(spanFingerprint('t', 'a'))).toBe(false);
    expect(ids.seenBefore(spanFingerprint('t', 'a'))).toBe(true);
    for (const id of ['b', 'c', 'd', 'e', 'f']) {
      expect(ids.seenBefore(spanFingerprint('t', id))).toBe(false);
    }
    // a, b, c were the previous generation until f filled the current one.
    expect(ids.seenBefore(spanFingerprint('t', 'a'))).toBe(false);
    expect(ids.seenBefore(spanFingerprint('t', 'f'))).toBe(true);
  });

  it('never forgets any of the last `window` distinct ids', () => {
    const window = 1000;
    const ids = new RecentSpanIds(window);
    const random = seededRandom(11);
    const order: string[] = [];
    for (let i = 0; i < 10 * window; i++) {
      const spanId = randomHex(random, 16);
      expect(ids.seenBefore(spanFingerprint('trace', spanId))).toBe(false);
      order.push(spanId);
      const back = Math.floor(random() * Math.min(window, order.length));
      const recent = order[order.length - 1 - back];
      expect(ids.seenBefore(spanFingerprint('trace', recent))).toBe(true);
    }
  });

  it('answers has() without remembering', () => {
    const ids = new RecentSpanIds(3);
    expect(ids.has(spanFingerprint('t', 'a'))).toBe(false);
    expect(ids.has(spanFingerprint('t', 'a'))).toBe(false);
    expect(ids.seenBefore(spanFingerprint('t', 'a'))).toBe(false);
    expect(ids.has(spanFingerprint('t', 'a'))).toBe(true);
    expect(ids.has(spanFingerprint('t', 'b'))).toBe(false);
  });
});
