// Run by bench/instructions.ts under callgrind:
//   node --import tsx instructionsWorker.ts <parse|ingest|copy> <requests>
//
// Per iteration, `parse` gives one 1,000-span OTLP/JSON request, as text
// made once, to JSON.parse (as bench:ingest's "JSON.parse alone" does);
// `ingest` copies a sequence-numbered version of it into one reused body (as
// the receiver's pooled buffers hold requests), decodes it and passes its
// spans through pairing, the trace buffer and the bucket aggregator, taking
// buckets and kept traces every other request as the pipeline's commits
// would; `copy` only makes the copy, so that it can be subtracted.
import { ConfigReader } from '@backstage/config';
import {
  decodeOtlpJson,
  SpanPairer,
} from '@steward/plugin-service-graph-common';
import { readServiceGraphConfig } from '../src/config';
import { BucketAggregator } from '../src/ingest/BucketAggregator';
import { TraceBuffer } from '../src/traces/TraceBuffer';
import { makePayload, withSequence } from './payload';

const mode = process.argv[2];
const requests = Number(process.argv[3]);

const config = readServiceGraphConfig(new ConfigReader({}));
// A fixed clock, advanced per request: what the pairer and the trace buffer
// decide does not depend on how fast valgrind runs.
let clock = Date.UTC(2026, 10, 22);
const now = () => clock;
const pairer = SpanPairer.create({ ...config.pairing, now });
const traces = TraceBuffer.create({ ...config.traces, now });
const aggregator = BucketAggregator.create({
  latencyThresholdsMs: config.latencyThresholdsMs,
});

const payload = makePayload(1000);
const text = payload.json.body.toString('utf8');
const body = Buffer.alloc(payload.json.body.length);
let outcome = 0;
for (let i = 0; i < requests; i++) {
  if (mode === 'parse') {
    outcome += JSON.parse(text).resourceSpans.length;
    continue;
  }
  withSequence(payload.json, 'json', i + 1).copy(body);
  if (mode === 'ingest') {
    const { spans } = decodeOtlpJson(body, { detail: 'naming' });
    // As IngestPipeline.accept hands a request's spans on.
    pairer.addAll(spans);
    traces.addAll(spans);
    const { edges, operations } = pairer.drain();
    for (const edge of edges) aggregator.addEdge(edge);
    for (const operation of operations) aggregator.addOperation(operation);
    clock += 12;
    if (i % 2 === 1) {
      pairer.expire();
      outcome += aggregator.take().length + traces.take().length;
    }
  }
}
// Printed so that no work can be optimised away.
console.log(outcome);
