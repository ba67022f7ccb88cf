import fc from 'fast-check';
import { gzipSync } from 'node:zlib';

/**
 * Strings that have broken parsers and queries elsewhere: SQL and LIKE
 * metacharacters, lone surrogates, NUL, markup, malformed refs and very
 * long values.
 */
const KNOWN_BAD: string[] = [
  '',
  ' ',
  "'",
  "''",
  "' OR '1'='1",
  "'; DROP TABLE knex_migrations; --",
  '" OR 1=1 --',
  '%',
  '_',
  '%_%',
  '\\',
  '\\%',
  '`',
  ';',
  '/*',
  '\u0000',
  '\uffff',
  '\ud800',
  '😀',
  '<script>window.__xss=1</script>',
  '../../etc/passwd',
  '${process.exit(1)}',
  'null',
  'undefined',
  'component:',
  ':/',
  'component:default/',
  'group:default/a/b',
  'x'.repeat(256),
  'x'.repeat(513),
];

/** Numbers and times past every limit: integer widths, the Date range. */
const BAD_NUMBERS: string[] = [
  'NaN',
  'Infinity',
  '-1',
  '0',
  '-0',
  '1.5',
  '0x10',
  '1e309',
  '9007199254740993',
  '2147483648',
  '-2147483649',
  '9223372036854775808',
  '99999999999999999999999999',
  '8640000000000001',
  '275760-09-13T00:00:00.001Z',
  '-271821-04-19T23:59:59.999Z',
  '2026-02-30T25:61:61Z',
  '8640000000000000',
  '-8640000000000001',
  '1e21',
  ' 1',
  '1 ',
];

/** One string that is likely to be wrong for any field. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...KNOWN_BAD) },
  { weight: 3, arbitrary: fc.constantFrom(...BAD_NUMBERS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.bigInt().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(1000, 10_000, 100_000)
      .map(n => `${'%_'.repeat(4)}${'z'.repeat(n)}`),
  },
);

/** A query parameter as `qs` parses it: a string, a list or an object. */
export type QueryValue = string | QueryValue[] | { [key: string]: QueryValue };

/** Query values, including lists and objects where a string is expected. */
export const hostileQueryValue: fc.Arbitrary<QueryValue> = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  {
    weight: 1,
    arbitrary: fc.array(hostileString, { minLength: 2, maxLength: 3 }),
  },
  {
    weight: 1,
    arbitrary: fc.dictionary(
      fc.constantFrom('a', '0', 'length', 'toString', '__proto__'),
      hostileString,
      { minKeys: 1, maxKeys: 2 },
    ),
  },
);

/** Nesting deep enough to overflow a recursive walk. */
export function deeplyNested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** A JSON value of the wrong type for almost any field. */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      null,
      true,
      0,
      -1,
      1.5,
      1e308,
      -1e308,
      Number.MAX_SAFE_INTEGER + 2,
      2147483648,
      -2147483649,
      8640000000000001,
      9223372036854775807,
      1e21,
      [],
      {},
    ),
  },
  { weight: 1, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(100, 1500).map(deeplyNested) },
);

type JsonPath = Array<string | number>;

function pathsOf(value: unknown, path: JsonPath = []): JsonPath[] {
  const own = path.length > 0 ? [path] : [];
  if (Array.isArray(value)) {
    return [...own, ...value.flatMap((v, i) => pathsOf(v, [...path, i]))];
  }
  if (value && typeof value === 'object') {
    return [
      ...own,
      ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...path, k])),
    ];
  }
  return own;
}

function withAt(
  value: unknown,
  path: JsonPath,
  replace: (old: unknown) => unknown,
  remove: boolean,
): unknown {
  if (path.length === 0) return replace(value);
  const [head, ...rest] = path;
  const copy: any = Array.isArray(value)
    ? [...value]
    : { ...(value as object) };
  if (rest.length === 0 && remove) {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete copy[head];
    return copy;
  }
  copy[head] = withAt(copy[head], rest, replace, remove);
  return copy;
}

/**
 * Bodies near a valid one: one field replaced by a hostile value, removed,
 * or joined by an unknown field; or a body of the wrong shape altogether.
 */
export function mutatedBody(valid: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(valid);
  const nearby =
    paths.length === 0
      ? fc.constant(valid)
      : fc
          .tuple(fc.constantFrom(...paths), hostileJsonValue, fc.nat(9))
          .map(([path, bad, op]) => withAt(valid, path, () => bad, op === 0));
  return fc.oneof(
    { weight: 6, arbitrary: nearby },
    {
      weight: 1,
      arbitrary: hostileJsonValue.map(bad =>
        valid && typeof valid === 'object' && !Array.isArray(valid)
          ? { ...valid, unexpectedField: bad }
          : bad,
      ),
    },
    { weight: 2, arbitrary: hostileJsonValue },
  );
}

/**
 * Raw bodies for a binary endpoint: random bytes, protobuf-looking tags with
 * lengths past the end, and (to send with `Content-Encoding: gzip`) gzip
 * streams that are cut short or hold garbage.
 */
export function sampleBinaryBodies(options: {
  count: number;
  seed: number;
}): Array<{ bytes: Uint8Array; gzip: boolean }> {
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 256 }),
    fc
      .tuple(fc.integer({ min: 1, max: 15 }), fc.nat(7), fc.nat(2 ** 28))
      .map(([field, wire, length]) =>
        Uint8Array.from([(field << 3) | wire, ...varint(length), 1, 2, 3]),
      ),
  );
  return fc.sample(
    fc.tuple(bytes, fc.boolean(), fc.nat()).map(([b, gzip, cut]) => {
      if (!gzip) return { bytes: b, gzip };
      const packed = gzipSync(b);
      // Cut short half the time: a stream without its end.
      return {
        bytes: cut % 2 ? packed.subarray(0, cut % packed.length) : packed,
        gzip,
      };
    }),
    { numRuns: options.count, seed: options.seed },
  );
}

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}
