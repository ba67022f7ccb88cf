import {
  STEWARD_SERVICE_GRAPH_SOURCE,
  StewardServiceGraphSourceSpec,
} from '@steward/plugin-slo-common';
import { SloDefinition } from '../catalog/loadSloDefinitions';

/** What a trace-based (`steward-service-graph`) SLI counts. */
export type TraceSliSelector = {
  service: string;
  operation?: string;
  signal: 'availability' | 'latency';
  thresholdMs?: number;
};

/** The selection of a trace-based SLI, or undefined for other sources. */
export function traceSliSelector(
  slo: SloDefinition,
): TraceSliSelector | undefined {
  // Good or bad side alike: the signal says which events are good.
  const ratio = slo.indicator?.spec.ratioMetric;
  const source = (ratio?.good ?? ratio?.bad)?.metricSource;
  if (!source || source.type !== STEWARD_SERVICE_GRAPH_SOURCE) return undefined;
  const spec = source.spec as StewardServiceGraphSourceSpec;
  return {
    service: spec.service ?? slo.serviceName,
    operation: spec.operation,
    signal: spec.signal,
    thresholdMs: spec.thresholdMs,
  };
}
