import { Knex } from 'knex';
import { ServiceGraphConfig } from '../config';
import { DatabaseTraceSource } from './DatabaseTraceSource';
import { JaegerTraceSource } from './JaegerTraceSource';
import { TraceSource } from './TraceSource';

export function createTraceSource(options: {
  config: ServiceGraphConfig;
  knex: Knex;
}): TraceSource {
  const source = options.config.traceSource;
  return source.type === 'jaeger'
    ? JaegerTraceSource.create({ baseUrl: source.baseUrl })
    : DatabaseTraceSource.create({ knex: options.knex });
}
