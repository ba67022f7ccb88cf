import { BodyBufferPool } from './readRequestBody';

describe('BodyBufferPool', () => {
  const create = () =>
    BodyBufferPool.create({ maxBuffers: 2, maxBufferBytes: 1 << 20 });

  it('lends a buffer at least as large as asked, in powers of two', () => {
    const pool = create();
    expect(pool.take(1).length).toBe(64 * 1024);
    expect(pool.take(100_000).length).toBe(128 * 1024);
    expect(pool.take((1 << 20) + 1).length).toBe((1 << 20) + 1);
  });

  it('lends a returned buffer again, when it is large enough', () => {
    const pool = create();
    const first = pool.take(100_000);
    pool.give(first);
    expect(pool.take(200_000)).not.toBe(first);
    expect(pool.take(50_000)).toBe(first);
    expect(pool.take(50_000)).not.toBe(first);
  });

  it('keeps at most maxBuffers buffers of at most maxBufferBytes', () => {
    const pool = create();
    const [a, b, c] = [pool.take(10), pool.take(10), pool.take(10)];
    const large = pool.take(2 << 20);
    [a, b, c, large].forEach(buffer => pool.give(buffer));
    expect(pool.take(10)).toBe(a);
    expect(pool.take(10)).toBe(b);
    expect(pool.take(10)).not.toBe(c);
    expect(pool.take(2 << 20)).not.toBe(large);
  });
});
