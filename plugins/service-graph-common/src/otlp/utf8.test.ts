import { decodeUtf8 } from './utf8';

describe('decodeUtf8', () => {
  const encode = (text: string) => new TextEncoder().encode(text);

  it.each([
    ['empty', ''],
    ['ascii', 'http.request.method'],
    ['multi-byte', 'żółw 🐢'],
    ['a leading byte order mark', '\ufeffkept'],
    ['longer than the cache holds', 'k'.repeat(65)],
    ['exactly the longest cached length', 'k'.repeat(64)],
  ])('decodes %s', (_case, text) => {
    const bytes = encode(`xx${text}yy`);
    expect(decodeUtf8(bytes, 2, bytes.length - 2)).toBe(text);
    // Twice: the second read may come from the cache.
    expect(decodeUtf8(bytes, 2, bytes.length - 2)).toBe(text);
  });

  it('never returns a cached string for different bytes', () => {
    // Strings that differ only where the hash does not sample, plus random
    // ones sharing slots with them, read in an order that forces evictions.
    const texts: string[] = [];
    for (let i = 0; i < 40; i++) {
      texts.push(`abcdefgh${String.fromCharCode(65 + i)}jklmnopq`);
    }
    let seed = 1;
    for (let i = 0; i < 3000; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const length = seed % 70;
      let text = '';
      for (let j = 0; j < length; j++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        text += seed % 50 === 0 ? 'é' : String.fromCharCode(97 + (seed % 3));
      }
      texts.push(text);
    }
    const wrong: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (const text of texts) {
        const bytes = encode(text);
        if (decodeUtf8(bytes, 0, bytes.length) !== text) {
          wrong.push(text);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('replaces malformed UTF-8 instead of throwing', () => {
    const bytes = Uint8Array.from([0x61, 0xc3, 0x62]);
    expect(decodeUtf8(bytes, 0, 3)).toBe('a\ufffdb');
  });
});
