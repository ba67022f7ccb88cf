// yarn bench:pipeline [--requests 300] [--format json|protobuf|both]
//
// CPU µs per span of ingest without HTTP: decoding, then pairing,
// aggregation, the trace buffer and the commit to a SQLite file, in this
// process, with the same 1,000-span requests (new trace ids each) as
// bench:ingest. Process CPU time, so figures hold up on a shared machine;
// run with --cpu-prof to see where the time goes.
import {
  decodeOtlpJson,
  decodeOtlpProtobuf,
  DecodeResult,
} from '@steward/plugin-service-graph-common';
import { ConfigReader } from '@backstage/config';
import knexFactory from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readServiceGraphConfig } from '../src/config';
import { applyDatabaseMigrations } from '../src/database/migrations';
import { IngestPipeline } from '../src/ingest/IngestPipeline';
import { makePayload, PayloadTemplate, withSequence } from './payload';

const SPANS_PER_REQUEST = 1000;
/** Requests in flight at once, as bench:ingest's connections. */
const CONCURRENCY = 8;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] ?? '' : fallback;
}

const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

async function run(
  format: 'json' | 'protobuf',
  template: PayloadTemplate,
  requests: number,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'steward-bench-pipeline-'));
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(dir, 'bench.sqlite') },
    useNullAsDefault: true,
  });
  await applyDatabaseMigrations(knex);
  const pipeline = IngestPipeline.create({
    knex,
    config: readServiceGraphConfig(new ConfigReader({})),
    logger: { error: console.error } as never,
  });
  const decode = (body: Buffer): DecodeResult =>
    format === 'json'
      ? decodeOtlpJson(body, { detail: 'naming' })
      : decodeOtlpProtobuf(body, { detail: 'naming' });
  const bodies = Array.from({ length: requests }, (_, i) =>
    withSequence(template, format, i + 1),
  );
  // Warm up on other trace ids, then measure.
  for (let i = 0; i < 50; i++) {
    const decoded = decode(withSequence(template, format, 0x8000_0000 + i));
    await pipeline.accept(decoded.spans, decoded.rejected);
  }
  let decodeMicros = 0;
  const started = cpuMicros();
  const wallStarted = performance.now();
  for (let i = 0; i < requests; i += CONCURRENCY) {
    const waiting: Promise<void>[] = [];
    for (let j = i; j < Math.min(requests, i + CONCURRENCY); j++) {
      const before = cpuMicros();
      const decoded = decode(bodies[j]);
      decodeMicros += cpuMicros() - before;
      waiting.push(pipeline.accept(decoded.spans, decoded.rejected));
    }
    await Promise.all(waiting);
  }
  const total = cpuMicros() - started;
  const wall = performance.now() - wallStarted;
  await pipeline.stop();
  await knex.destroy();
  rmSync(dir, { recursive: true, force: true });
  const spans = requests * SPANS_PER_REQUEST;
  const perSpan = (micros: number) => (micros / spans).toFixed(2);
  console.log(
    `${format.padEnd(8)} ${perSpan(total)} µs CPU per span: decode ${perSpan(
      decodeMicros,
    )}, pairing + aggregation + trace buffer + commit ${perSpan(
      total - decodeMicros,
    )}; ${Math.round(spans / (total / 1e6)).toLocaleString(
      'en-US',
    )} spans per CPU-second (${Math.round(spans / (wall / 1000)).toLocaleString(
      'en-US',
    )} per wall second)`,
  );
}

async function main() {
  const requests = Number(arg('requests', '300'));
  const format = arg('format', 'both');
  const payload = makePayload(SPANS_PER_REQUEST);
  if (format !== 'protobuf') await run('json', payload.json, requests);
  if (format !== 'json') await run('protobuf', payload.protobuf, requests);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
