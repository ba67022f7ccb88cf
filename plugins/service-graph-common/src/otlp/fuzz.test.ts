import {
  FuzzFigures,
  fuzzSettings,
  mutatedBody,
  recordFuzzFigures,
} from '@steward/fuzz';
import fc from 'fast-check';
// Through the package's public entry only: the decoders' internals change.
import { isDeepStrictEqual } from 'node:util';
import {
  DecodeOptions,
  decodeOtlpJson,
  decodeOtlpProtobuf,
  DecodeResult,
  decodeSpanBytes,
} from '..';
import {
  I32,
  I64,
  JsonAnyValue,
  JsonKeyValue,
  JsonRequest,
  JsonSpan,
  LEN,
  ProtoWriter,
  protobufOf,
  VARINT,
} from './testUtils/protoWriter';

// Generated and mutated bad input for both decoders: each input either
// decodes into well-formed spans or throws the documented InputError, in
// bounded time. STEWARD_FUZZ_RUNS / _SECONDS / _SEED lengthen a run.

const settings = fuzzSettings({ runs: 150, budgetMs: 8_000 });
/** Far above any decode of these inputs; only a hang or a loop reaches it. */
const HANG_MS = 5_000;

jest.setTimeout(120_000 + 4 * settings.budgetMs);

const hexId = (bytes: number) =>
  fc
    .uint8Array({ minLength: bytes, maxLength: bytes })
    .map(b => Buffer.from(b).toString('hex'));

const { anyValue } = fc.letrec<{ anyValue: JsonAnyValue }>(tie => ({
  anyValue: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ stringValue: fc.string({ unit: 'binary', maxLength: 20 }) }),
    fc.record({ boolValue: fc.boolean() }),
    fc.record({
      intValue: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }).map(String),
    }),
    fc.record({
      doubleValue: fc.double({ noNaN: true, noDefaultInfinity: true }),
    }),
    fc.record({
      arrayValue: fc.record({
        values: fc.array(tie('anyValue'), { maxLength: 3 }),
      }),
    }),
    fc.record({
      kvlistValue: fc.record({
        values: fc.array(
          fc.record({ key: fc.string(), value: tie('anyValue') }),
          { maxLength: 3 },
        ),
      }),
    }),
    fc.record({
      bytesValue: fc
        .uint8Array({ maxLength: 8 })
        .map(b => Buffer.from(b).toString('base64')),
    }),
  ),
}));

const attributes: fc.Arbitrary<JsonKeyValue[]> = fc.array(
  fc.record({
    key: fc.oneof(
      fc.constantFrom('service.name', 'peer.service', '__proto__'),
      fc.string(),
    ),
    value: anyValue,
  }),
  { maxLength: 4 },
);

const nanos = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String);

const span: fc.Arbitrary<JsonSpan> = fc.record(
  {
    traceId: fc.oneof(hexId(16), hexId(8), fc.constant('')),
    spanId: fc.oneof(hexId(8), hexId(16)),
    parentSpanId: hexId(8),
    name: fc.string({ unit: 'binary', maxLength: 20 }),
    kind: fc.nat(7),
    startTimeUnixNano: nanos,
    endTimeUnixNano: nanos,
    attributes,
    events: fc.array(
      fc.record({ timeUnixNano: nanos, name: fc.string(), attributes }),
      { maxLength: 2 },
    ),
    links: fc.array(
      fc.record({ traceId: hexId(16), spanId: hexId(8), attributes }),
      { maxLength: 2 },
    ),
    status: fc.record({ code: fc.nat(3), message: fc.string() }),
    flags: fc.nat(),
  },
  { requiredKeys: [] },
);

/** Requests with every field of the right type (the values may be invalid). */
const request: fc.Arbitrary<JsonRequest> = fc.record({
  resourceSpans: fc.array(
    fc.record({
      resource: fc.record({ attributes }),
      scopeSpans: fc.array(
        fc.record({
          scope: fc.record({ name: fc.string() }),
          spans: fc.array(span, { maxLength: 4 }),
        }),
        { maxLength: 2 },
      ),
    }),
    { maxLength: 3 },
  ),
});

function spanCount(r: JsonRequest): number {
  return (r.resourceSpans ?? []).reduce(
    (n, rs) =>
      n +
      (rs.scopeSpans ?? []).reduce((m, ss) => m + (ss.spans ?? []).length, 0),
    0,
  );
}

/** Damage as a network, a buggy exporter or an attacker would do it. */
const byteMutation = fc.oneof(
  fc.nat().map(at => (b: Uint8Array) => b.subarray(0, at % (b.length + 1))),
  fc
    .tuple(fc.nat(), fc.integer({ min: 1, max: 255 }))
    .map(([at, mask]) => (b: Uint8Array) => {
      if (b.length === 0) return b;
      const copy = Uint8Array.from(b);
      copy[at % copy.length] ^= mask;
      return copy;
    }),
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom(
        [0xff],
        [0xc3, 0x28],
        [0xed, 0xa0, 0x80],
        [0xf4, 0x90, 0x80, 0x80],
        [0x80],
        [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
        [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f],
      ),
    )
    .map(([at, bytes]) => (b: Uint8Array) => {
      const i = at % (b.length + 1);
      return Uint8Array.from([...b.subarray(0, i), ...bytes, ...b.subarray(i)]);
    }),
  // Rewrites a byte's low three bits: on a tag, a wrong wire type.
  fc.tuple(fc.nat(), fc.nat(7)).map(([at, wire]) => (b: Uint8Array) => {
    if (b.length === 0) return b;
    const copy = Uint8Array.from(b);
    const i = at % copy.length;
    copy[i] = (copy[i] & ~7) | wire;
    return copy;
  }),
);

const mutations = fc.array(byteMutation, { minLength: 1, maxLength: 4 });

/** AnyValue nested `depth` deep, built without recursion. */
function nestedProtobufValue(depth: number): Uint8Array {
  let inner = new ProtoWriter().string(1, 'x').finish();
  const headers: Uint8Array[] = [];
  let length = inner.length;
  for (let i = 0; i < depth; i++) {
    // ArrayValue { values = 1 } inside AnyValue { array_value = 5 }.
    const values = new ProtoWriter().tag(1, LEN).varint(length).finish();
    length += values.length;
    const any = new ProtoWriter().tag(5, LEN).varint(length).finish();
    length += any.length;
    headers.push(values, any);
  }
  inner = Buffer.concat([...headers.reverse(), inner]);
  return inner;
}

function protobufWithAttribute(value: Uint8Array): Uint8Array {
  return new ProtoWriter()
    .message(1, rs =>
      rs.message(2, ss =>
        ss.message(2, s =>
          s
            .bytes(1, Buffer.alloc(16, 1))
            .bytes(2, Buffer.alloc(8, 2))
            .string(5, 'deep')
            .message(9, kv => kv.string(1, 'k').bytes(2, value)),
        ),
      ),
    )
    .finish();
}

function nestedJson(depth: number): string {
  const open = '{"arrayValue":{"values":['.repeat(depth);
  const close = ']}}'.repeat(depth);
  return `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${'1'.repeat(
    32,
  )}","spanId":"${'2'.repeat(
    16,
  )}","name":"deep","attributes":[{"key":"k","value":${open}{"stringValue":"x"}${close}}]}]}]}]}`;
}

/** Hand-made protobuf: wrong wire types and lengths past the end. */
const protobufDamage: fc.Arbitrary<Uint8Array> = fc
  .tuple(fc.integer({ min: 1, max: 20 }), fc.nat(7), fc.nat(2 ** 31))
  .map(([field, wire, length]) => {
    const w = new ProtoWriter().tag(1, LEN).varint(6);
    w.tag(field, wire);
    if (wire === VARINT) w.varint(length);
    else if (wire === LEN) w.varint(length).raw(1, 2, 3);
    else if (wire === I64) w.raw(1, 2, 3, 4);
    else if (wire === I32) w.raw(1, 2);
    return w.finish();
  });

type Decode = (input: Uint8Array | string) => DecodeResult;

/** What is wrong with a decoder's answer, if anything. */
function problemsOf(result: DecodeResult): string[] {
  const problems: string[] = [];
  if (!Array.isArray(result.spans)) problems.push('spans is not an array');
  if (!(Number.isInteger(result.rejected) && result.rejected >= 0)) {
    problems.push(`rejected is ${result.rejected}`);
  }
  if (!result.errors.every(e => typeof e === 'string')) {
    problems.push('an error message is not a string');
  }
  for (const s of result.spans) {
    if (!/^[0-9a-f]{32}$/.test(s.traceId))
      problems.push(`traceId ${s.traceId}`);
    if (!/^[0-9a-f]{16}$/.test(s.spanId)) problems.push(`spanId ${s.spanId}`);
    if (!Number.isFinite(s.startUnixMs) || !Number.isFinite(s.endUnixMs)) {
      problems.push(`times ${s.startUnixMs}..${s.endUnixMs}`);
    }
    if (typeof s.service !== 'string') problems.push('service');
  }
  return problems;
}

/** Figures and findings of one decoder's run, across its tests. */
class Run {
  readonly figures: FuzzFigures;
  private reported = 0;

  constructor(target: string) {
    this.figures = {
      target,
      cases: 0,
      outcomes: {},
      maxLatencyMs: 0,
      seed: settings.seed,
      failures: [],
    };
  }

  /**
   * Decodes once. Only the documented InputError may escape, in bounded
   * time, and an answer must be well formed; anything else is a finding
   * (and fails the property, so fast-check shrinks it).
   */
  decode(decode: Decode, input: Uint8Array | string): DecodeResult | undefined {
    const started = performance.now();
    let outcome = 'decoded';
    let result: DecodeResult | undefined;
    const findings: string[] = [];
    try {
      result = decode(input);
      findings.push(...problemsOf(result));
    } catch (error) {
      outcome = (error as Error).name;
      if (outcome !== 'InputError') {
        findings.push(`${outcome}: ${(error as Error).message}`);
      }
    }
    const ms = performance.now() - started;
    if (ms > HANG_MS) findings.push(`took ${ms.toFixed(0)} ms`);
    this.figures.cases += 1;
    this.figures.outcomes[outcome] = (this.figures.outcomes[outcome] ?? 0) + 1;
    this.figures.maxLatencyMs = Math.max(this.figures.maxLatencyMs, ms);
    if (findings.length > 0) {
      this.figures.failures.push(...findings);
      throw new Error(findings.join('; '));
    }
    return result;
  }

  check(property: fc.IProperty<any>) {
    fc.assert(property, {
      seed: settings.seed,
      numRuns: settings.runs,
      interruptAfterTimeLimit: settings.budgetMs,
    });
  }

  /** Findings since the last call, for the test that just ran. */
  newFailures(): string[] {
    const fresh = this.figures.failures.slice(this.reported);
    this.reported = this.figures.failures.length;
    return fresh;
  }
}

/**
 * Decodes whole, and also with `detail: 'naming'`: that mode must accept,
 * reject and explain alike, and its spans' bytes decode to the whole spans.
 */
function inBothModes(
  decode: (input: Uint8Array | string, options: DecodeOptions) => DecodeResult,
): Decode {
  return input => {
    let naming: DecodeResult | Error;
    try {
      naming = decode(input, { detail: 'naming' });
    } catch (error) {
      naming = error as Error;
    }
    let full: DecodeResult;
    try {
      full = decode(input, {});
    } catch (error) {
      if ((naming as Error).name !== (error as Error).name) {
        throw new Error(`naming mode gave ${naming}, full mode ${error}`);
      }
      throw error;
    }
    if (naming instanceof Error) {
      throw new Error(`naming mode threw ${naming}; full mode decoded`);
    }
    const spans = naming.spans.map(s =>
      s.source ? decodeSpanBytes(s.source) : s,
    );
    if (
      !isDeepStrictEqual(spans, full.spans) ||
      naming.rejected !== full.rejected ||
      !isDeepStrictEqual(naming.errors, full.errors)
    ) {
      throw new Error('naming mode and full mode differ');
    }
    return full;
  };
}

const json = inBothModes(decodeOtlpJson);
const protobuf = inBothModes((input, options) =>
  decodeOtlpProtobuf(input as Uint8Array, options),
);
const runs = { json: new Run('otlp-json'), protobuf: new Run('otlp-protobuf') };

afterAll(() => {
  recordFuzzFigures(runs.json.figures);
  recordFuzzFigures(runs.protobuf.figures);
});

describe('OTLP/JSON decoder under fuzzing', () => {
  const run = runs.json;

  it('accounts for every span of a well-typed request, valid or not', () => {
    run.check(
      fc.property(request, r => {
        const result = run.decode(json, JSON.stringify(r))!;
        expect(result).toBeDefined();
        expect(result.spans.length + result.rejected).toBe(spanCount(r));
      }),
    );
    expect(run.newFailures()).toEqual([]);
  });

  it('survives wrong types, huge numbers and deep values in any field', () => {
    run.check(
      fc.property(request.chain(mutatedBody), body => {
        run.decode(json, JSON.stringify(body));
      }),
    );
    expect(run.newFailures()).toEqual([]);
  });

  it('survives truncated, flipped and invalid UTF-8 bytes', () => {
    run.check(
      fc.property(request, mutations, (r, damage) => {
        let bytes: Uint8Array = Buffer.from(JSON.stringify(r));
        for (const d of damage) bytes = d(bytes);
        run.decode(json, bytes);
      }),
    );
    expect(run.newFailures()).toEqual([]);
  });

  it.each([40, 1_000, 20_000])('survives values nested %i deep', depth => {
    const result = run.decode(json, nestedJson(depth));
    expect(result?.rejected).toBe(1);
  });
});

describe('OTLP protobuf decoder under fuzzing', () => {
  const run = runs.protobuf;

  it('accounts for every span of a well-formed request, valid or not', () => {
    run.check(
      fc.property(request, r => {
        const result = run.decode(protobuf, protobufOf(r))!;
        expect(result).toBeDefined();
        expect(result.spans.length + result.rejected).toBe(spanCount(r));
      }),
    );
    expect(run.newFailures()).toEqual([]);
  });

  it('survives truncation, flipped bytes, wrong wire types and bad varints', () => {
    run.check(
      fc.property(request, mutations, (r, damage) => {
        let bytes = protobufOf(r);
        for (const d of damage) bytes = d(bytes);
        run.decode(protobuf, bytes);
      }),
    );
    expect(run.newFailures()).toEqual([]);
  });

  it('survives wrong wire types and lengths past the end', () => {
    run.check(
      fc.property(protobufDamage, bytes => {
        run.decode(protobuf, bytes);
      }),
    );
    expect(run.newFailures()).toEqual([]);
  });

  it('survives random bytes', () => {
    run.check(
      fc.property(fc.uint8Array({ maxLength: 512 }), bytes => {
        run.decode(protobuf, bytes);
      }),
    );
    expect(run.newFailures()).toEqual([]);
  });

  it.each([40, 1_000, 20_000])('survives values nested %i deep', depth => {
    const result = run.decode(
      protobuf,
      protobufWithAttribute(nestedProtobufValue(depth)),
    );
    expect(result?.rejected).toBe(1);
  });
});
