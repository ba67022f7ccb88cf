// The catalog the suites load: the shop services of the span generator as
// Components, and an availability SLO for each, counted from the service
// graph, so that the SLO API's counts can be compared with what was sent.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SERVICES } from './otlp.mts';

export const sloName = (service: string) => `${service}-availability`;

/** Writes the catalog file and returns the configuration that loads it. */
export async function writeShopCatalog(dir: string) {
  const file = join(dir, 'catalog.yaml');
  const documents = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'reliability-team' },
      spec: { type: 'team', children: [] },
    },
    {
      apiVersion: 'openslo/v1',
      kind: 'SLI',
      metadata: { name: 'reliability-availability' },
      spec: {
        ratioMetric: {
          counter: true,
          good: {
            metricSource: {
              type: 'steward-service-graph',
              spec: { signal: 'availability' },
            },
          },
          total: {
            metricSource: {
              type: 'steward-service-graph',
              spec: { signal: 'availability' },
            },
          },
        },
      },
    },
    ...SERVICES.flatMap(service => [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: service },
        spec: {
          type: 'service',
          lifecycle: 'production',
          owner: 'reliability-team',
        },
      },
      {
        apiVersion: 'openslo/v1',
        kind: 'SLO',
        metadata: { name: sloName(service) },
        spec: {
          service,
          indicatorRef: 'reliability-availability',
          timeWindow: [{ duration: '30d', isRolling: true }],
          budgetingMethod: 'Occurrences',
          objectives: [
            { displayName: `${service} availability`, target: 0.99 },
          ],
        },
      },
    ]),
  ];
  // JSON is YAML: one document per `---`.
  await writeFile(file, documents.map(d => JSON.stringify(d)).join('\n---\n'));
  return {
    catalog: {
      locations: [{ type: 'file', target: file }],
      processingInterval: { seconds: 5 },
    },
  };
}

/** An SLO's evaluated counts over its window, from the SLO API. */
export type SloCounts = { evaluatedAt: number; good: number; total: number };
