import { SpanKind, SpanRecord } from '@steward/plugin-service-graph-common';
import { isSampled, TraceBuffer } from './TraceBuffer';

/**
 * Trace ids by name. Sampling looks at the low 32 bits: `lucky` is sampled
 * at any rate above 0 and `unlucky` at none below 1.
 */
const TRACES: Record<string, string> = {
  err: '4bf92f3577b34da6a3ce929d0e0e4736',
  quiet: '0af7651916cd43dd8448eb211c80319c',
  lucky: '5b8efff798038103d269b63300000000',
  unlucky: '5b8efff798038103d269b633ffffffff',
  a: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  b: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
  c: 'cccccccccccccccccccccccccccccccc',
};

/** `trace:n`, with a trailing `!` for a span with status ERROR. */
function span(label: string): SpanRecord {
  const [trace, rest] = label.split(':');
  const n = parseInt(rest, 10);
  return {
    traceId: TRACES[trace],
    spanId: n.toString(16).padStart(16, '0'),
    service: 'checkout',
    name: label,
    kind: SpanKind.SERVER,
    startUnixMs: 1_700_000_000_000 + n,
    endUnixMs: 1_700_000_000_010 + n,
    error: label.endsWith('!'),
    attributes: {},
    resource: {},
    links: [],
    events: [],
  };
}

/** At `at` ms: add spans, then take and compare, then check the count. */
type Step = {
  at: number;
  add?: string[];
  taken?: string[];
  buffered?: number;
};

type Case = {
  name: string;
  sampleRate: number;
  maxBufferedTraces?: number;
  maxKeptTraces?: number;
  assemblyWindowMs?: number;
  steps: Step[];
};

const cases: Case[] = [
  {
    name: 'keeps an erroring trace whole, with spans before and after the error',
    sampleRate: 0,
    steps: [
      { at: 0, add: ['err:1', 'quiet:1'] },
      { at: 100, add: ['err:2!', 'quiet:2'] },
      { at: 900, add: ['err:3'], taken: [], buffered: 2 },
      // `quiet` is decided; `err` had a span since, so it is looked at
      // again a window later, between 1900 and 2100.
      { at: 1100, taken: [], buffered: 1 },
      { at: 1900, taken: [], buffered: 1 },
      { at: 2100, taken: ['err:1', 'err:2!', 'err:3'], buffered: 0 },
    ],
  },
  {
    name: 'drops a trace without errors at rate 0',
    sampleRate: 0,
    steps: [
      { at: 0, add: ['lucky:1', 'lucky:2'], buffered: 1 },
      { at: 1000, taken: [], buffered: 0 },
    ],
  },
  {
    name: 'keeps a trace without errors at rate 1',
    sampleRate: 1,
    steps: [
      { at: 0, add: ['unlucky:1', 'unlucky:2'] },
      { at: 1000, taken: ['unlucky:1', 'unlucky:2'] },
    ],
  },
  {
    name: 'samples traces without errors by their id',
    sampleRate: 0.5,
    steps: [
      { at: 0, add: ['unlucky:1', 'lucky:1', 'unlucky:2', 'lucky:2'] },
      { at: 1000, taken: ['lucky:1', 'lucky:2'], buffered: 0 },
    ],
  },
  {
    name: 'passes late spans of a kept trace straight through',
    sampleRate: 0,
    steps: [
      { at: 0, add: ['err:1!'] },
      { at: 1000, taken: ['err:1!'] },
      {
        at: 5000,
        add: ['err:2', 'err:3'],
        taken: ['err:2', 'err:3'],
        buffered: 0,
      },
    ],
  },
  {
    name: 'holds late spans of a dropped trace again, and drops them again',
    sampleRate: 0,
    steps: [
      { at: 0, add: ['quiet:1'] },
      { at: 1000, taken: [] },
      { at: 1500, add: ['quiet:2'], taken: [], buffered: 1 },
      { at: 2500, taken: [], buffered: 0 },
    ],
  },
  {
    name: 'decides each trace when its own window closes',
    sampleRate: 1,
    steps: [
      { at: 0, add: ['a:1'] },
      { at: 400, add: ['b:1'] },
      { at: 1000, taken: ['a:1'], buffered: 1 },
      { at: 1399, taken: [], buffered: 1 },
      { at: 1400, taken: ['b:1'], buffered: 0 },
    ],
  },
  {
    name: 'waits a window after the latest span of a trace arriving in parts',
    sampleRate: 0,
    steps: [
      // Three services' exporters flush one trace at different times.
      { at: 0, add: ['err:1'] },
      { at: 800, add: ['err:2'] },
      { at: 1000, taken: [], buffered: 1 },
      { at: 1600, add: ['err:3!'] },
      { at: 2000, taken: [], buffered: 1 },
      { at: 2599, taken: [], buffered: 1 },
      { at: 3000, taken: ['err:1', 'err:2', 'err:3!'], buffered: 0 },
    ],
  },
  {
    name: 'decides the oldest trace early at the cap',
    sampleRate: 1,
    maxBufferedTraces: 2,
    steps: [
      { at: 0, add: ['a:1'] },
      { at: 10, add: ['b:1'] },
      { at: 20, add: ['a:2', 'c:1'], taken: ['a:1', 'a:2'], buffered: 2 },
      { at: 1010, taken: ['b:1'], buffered: 1 },
      { at: 1020, taken: ['c:1'], buffered: 0 },
    ],
  },
  {
    name: 'keeps an erroring trace decided early at the cap',
    sampleRate: 0,
    maxBufferedTraces: 2,
    steps: [
      { at: 0, add: ['err:1', 'err:2!'] },
      { at: 10, add: ['quiet:1'] },
      { at: 20, add: ['a:1'], taken: ['err:1', 'err:2!'], buffered: 2 },
      { at: 30, add: ['b:1'], taken: [], buffered: 2 },
      { at: 2000, taken: [], buffered: 0 },
    ],
  },
  {
    name: 'forgets the oldest kept traces beyond maxKeptTraces',
    sampleRate: 1,
    maxKeptTraces: 2,
    assemblyWindowMs: 0,
    steps: [
      { at: 0, add: ['a:1'], taken: ['a:1'] },
      { at: 1, add: ['b:1'], taken: ['b:1'] },
      { at: 2, add: ['c:1'], taken: ['c:1'] },
      { at: 3, add: ['err:1'], taken: ['err:1'] },
      // At least the last two are remembered: `c` and `err` pass straight
      // through; `a` was forgotten, so its late span is held again.
      { at: 4, add: ['a:2', 'c:2', 'err:2'], buffered: 1 },
      { at: 4, taken: ['c:2', 'err:2', 'a:2'], buffered: 0 },
    ],
  },
];

// Each step's spans arrive together: added one by one, or in one addAll.
const ADDS: Array<
  [string, (buffer: TraceBuffer, spans: SpanRecord[]) => void]
> = [
  ['span by span', (buffer, spans) => spans.forEach(s => buffer.add(s))],
  ['in one addAll', (buffer, spans) => buffer.addAll(spans)],
];

describe.each(ADDS)('TraceBuffer cases, %s', (_how, addSpans) => {
  it.each(cases)('$name', testCase => {
    let now = 0;
    const buffer = TraceBuffer.create({
      sampleRate: testCase.sampleRate,
      maxBufferedTraces: testCase.maxBufferedTraces ?? 100,
      maxKeptTraces: testCase.maxKeptTraces ?? 100,
      maxBufferedBytes: 1 << 20,
      assemblyWindowMs: testCase.assemblyWindowMs ?? 1000,
      now: () => now,
    });
    const observed: Step[] = testCase.steps.map(step => {
      now = step.at;
      addSpans(buffer, (step.add ?? []).map(span));
      return {
        ...step,
        ...(step.taken && { taken: buffer.take().map(s => s.name) }),
        ...(step.buffered !== undefined && { buffered: buffer.bufferedTraces }),
      };
    });
    expect(observed).toEqual(testCase.steps);
  });
});

describe('TraceBuffer', () => {
  it('never buffers more traces than the cap, and keeps every erroring one', () => {
    const cap = 50;
    let now = 0;
    const buffer = TraceBuffer.create({
      sampleRate: 0,
      maxBufferedTraces: cap,
      maxKeptTraces: 100,
      maxBufferedBytes: 1 << 20,
      assemblyWindowMs: 60_000,
      now: () => now,
    });
    let maxBuffered = 0;
    const kept = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      now = i;
      const traceId = i.toString(16).padStart(32, '0');
      for (let j = 0; j < 3; j++) {
        buffer.add({
          ...span(`a:${j}`),
          traceId,
          error: i % 7 === 0 && j === 2,
        });
        maxBuffered = Math.max(maxBuffered, buffer.bufferedTraces);
      }
      for (const s of buffer.take()) kept.add(`${s.traceId}/${s.spanId}`);
    }
    now += 60_000;
    for (const s of buffer.take()) kept.add(`${s.traceId}/${s.spanId}`);

    expect(maxBuffered).toBe(cap);
    expect(buffer.bufferedTraces).toBe(0);
    // 0, 7, ..., 9996: 1429 traces of three spans each.
    expect(kept.size).toBe(1429 * 3);
    expect([...kept].every(k => parseInt(k.split('/')[0], 16) % 7 === 0)).toBe(
      true,
    );
  });
});

/** A small seeded generator (mulberry32), so the sample is the same every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

function randomTraceId(next: () => number): string {
  let id = '';
  for (let i = 0; i < 4; i++) {
    id += Math.floor(next() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0');
  }
  return id;
}

describe('isSampled', () => {
  it.each([
    { id: TRACES.lucky, rate: 0.0001, sampled: true },
    { id: TRACES.unlucky, rate: 0.9999, sampled: false },
    { id: TRACES.unlucky, rate: 1, sampled: true },
    { id: TRACES.lucky, rate: 0, sampled: false },
    // 0x19999999 / 2^32 is just below 0.1, 0x1999999a just above.
    { id: `${'0'.repeat(24)}19999999`, rate: 0.1, sampled: true },
    { id: `${'0'.repeat(24)}1999999a`, rate: 0.1, sampled: false },
    // Only the low 32 bits count.
    { id: `${'f'.repeat(24)}19999999`, rate: 0.1, sampled: true },
  ])('$id at rate $rate → $sampled', ({ id, rate, sampled }) => {
    expect(isSampled(id, rate)).toBe(sampled);
    // The same id gets the same answer every time, on every replica.
    expect(isSampled(id, rate)).toBe(sampled);
  });

  it.each([0.01, 0.1, 0.5])('samples about %p of 10,000 random ids', rate => {
    const next = random(42);
    const ids = Array.from({ length: 10_000 }, () => randomTraceId(next));
    const sampled = ids.filter(id => isSampled(id, rate));
    expect(Math.abs(sampled.length / ids.length - rate)).toBeLessThanOrEqual(
      0.02,
    );
    expect(ids.filter(id => isSampled(id, rate))).toEqual(sampled);
  });

  it('is decided alike by two buffers, as on two replicas', () => {
    const next = random(7);
    const ids = Array.from({ length: 200 }, () => randomTraceId(next));
    const keptBy = () => {
      const buffer = TraceBuffer.create({
        sampleRate: 0.3,
        maxBufferedTraces: 1000,
        maxKeptTraces: 1000,
        maxBufferedBytes: 1 << 20,
        assemblyWindowMs: 0,
        now: () => 0,
      });
      for (const traceId of ids) buffer.add({ ...span('a:1'), traceId });
      return buffer.take().map(s => s.traceId);
    };
    const first = keptBy();
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(ids.length);
    expect(keptBy()).toEqual(first);
    expect(first).toEqual(ids.filter(id => isSampled(id, 0.3)));
  });
});
