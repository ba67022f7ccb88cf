import { CountWindow, EventCounts } from '@steward/plugin-slo-common';
import { SloDefinition } from '../catalog/loadSloDefinitions';

/** Good and total counts per SLO (by ref) and window (by `windowKey`). */
export type SloCounts = Map<string, Map<string, EventCounts>>;

/**
 * Where SLIs are counted. Batched: evaluating thousands of SLOs must cost a
 * handful of queries per distinct window, not one per SLO and window.
 */
export interface SliSource {
  /** Whether this source counts the SLO's indicator. */
  handles(slo: SloDefinition): boolean;
  fetchCounts(options: {
    slos: SloDefinition[];
    windows: CountWindow[];
  }): Promise<SloCounts>;
}
