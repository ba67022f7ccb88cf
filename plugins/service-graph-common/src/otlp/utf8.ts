// ignoreBOM keeps a leading U+FEFF as content: protobuf strings have no BOM.
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Attribute keys, span names and many values repeat across spans and
 * requests. A direct-mapped cache of short ASCII strings turns most decodes
 * into a hash and a byte compare with no allocation, and hands V8 the same
 * (already internalized) string for a key every time, which makes storing
 * attributes under it several times cheaper. A slot keeps a copy of its
 * bytes so that the compare reads typed arrays only. Bounded at 256 KiB.
 */
const CACHE_SIZE = 4096;
const CACHE_MASK = CACHE_SIZE - 1;
const MAX_CACHED_LENGTH = 64;
const cachedStrings: string[] = new Array<string>(CACHE_SIZE).fill('');
const cachedBytes = new Uint8Array(CACHE_SIZE * MAX_CACHED_LENGTH);

/**
 * Samples a few bytes so that hashing stays O(1); the compare that follows
 * checks every byte, so a collision costs only a miss.
 */
function slotOf(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  const last = end - 1;
  const quarter = length >> 2;
  let h = Math.imul(length, 0x9e3779b1);
  h = Math.imul(h ^ bytes[start], 0x01000193);
  h = Math.imul(h ^ bytes[start + quarter], 0x01000193);
  h = Math.imul(h ^ bytes[start + (length >> 1)], 0x01000193);
  h = Math.imul(h ^ bytes[last - quarter], 0x01000193);
  h = Math.imul(h ^ bytes[last > start ? last - 1 : start], 0x01000193);
  h = Math.imul(h ^ bytes[last], 0x01000193);
  return (h ^ (h >>> 15)) & CACHE_MASK;
}

/** UTF-8 `bytes[start..end)` as a string; malformed bytes become U+FFFD. */
export function decodeUtf8(
  bytes: Uint8Array,
  start: number,
  end: number,
): string {
  const length = end - start;
  if (length === 0) {
    return '';
  }
  if (length > MAX_CACHED_LENGTH) {
    return UTF8.decode(bytes.subarray(start, end));
  }
  const slot = slotOf(bytes, start, end);
  const base = slot * MAX_CACHED_LENGTH;
  const cached = cachedStrings[slot];
  if (cached.length === length) {
    let i = 0;
    while (i < length && cachedBytes[base + i] === bytes[start + i]) {
      i++;
    }
    if (i === length) {
      return cached;
    }
  }
  // A miss: copy the bytes into the slot, checking they are ASCII (one
  // byte per UTF-16 unit, so the length test above stays exact).
  for (let i = 0; i < length; i++) {
    const c = bytes[start + i];
    if (c >= 0x80) {
      cachedStrings[slot] = '';
      return UTF8.decode(bytes.subarray(start, end));
    }
    cachedBytes[base + i] = c;
  }
  const text = UTF8.decode(bytes.subarray(start, end));
  cachedStrings[slot] = text;
  return text;
}
