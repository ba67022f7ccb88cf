import { OrgMetrics } from './orgMetrics';

/**
 * `GET /v1/metrics/org`: figures at each moment, oldest first, and the
 * sources that could not be read.
 *
 * @public
 */
export type OrgMetricsSeries = { series: OrgMetrics[]; problems: string[] };
