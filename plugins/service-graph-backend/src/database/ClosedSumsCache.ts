import { Knex } from 'knex';
import {
  CHANGE_MARGIN_MS,
  readChanges,
  SETTLED_AFTER_MS,
} from './operations/changes';
import { Resolution } from './tables';

/**
 * Sums of one piece of time for every series: counts by series id, and
 * threshold slot counts by series id and slot (index in the configured
 * thresholds).
 */
export type PieceSums = {
  countIds: Int32Array;
  calls: Float64Array;
  errors: Float64Array;
  slotIds: Int32Array;
  slotIndex: Int16Array;
  slotCounts: Float64Array;
};

type Entry = {
  fromMs: number;
  toMs: number;
  readAtMs: number;
  usedAtMs: number;
  sums: PieceSums;
};

/** Sums not used for this long are dropped: their windows have moved on. */
const IDLE_MS = 86_400_000;

/**
 * Per-series sums of closed periods, read once and kept: every
 * evaluation of thousands of SLOs sums the same closed days (the days of a
 * 30-day window, past quarters), and re-summing them is most of its cost.
 * Closed buckets still change: late spans and backfills are added to them
 * and retention removes them. Writers record those changes by period
 * (`service_graph_changes`), and `refresh` drops the sums they touch,
 * so that kept sums always equal what summing the stored buckets would
 * give. Each replica keeps its own; the changes table is shared.
 */
export class ClosedSumsCache {
  private readonly entries = new Map<string, Entry>();

  private constructor() {}

  static create(): ClosedSumsCache {
    return new ClosedSumsCache();
  }

  /** Whether a piece is closed long enough for its sums to be kept. */
  keeps(
    piece: { resolution: Resolution; toMs: number },
    nowMs: number,
  ): boolean {
    return piece.toMs <= nowMs - SETTLED_AFTER_MS;
  }

  /** Drops the sums that changes since they were read made stale. */
  async refresh(knex: Knex, nowMs: number): Promise<void> {
    let oldest = Infinity;
    for (const [key, entry] of this.entries) {
      if (entry.usedAtMs < nowMs - IDLE_MS) this.entries.delete(key);
      else oldest = Math.min(oldest, entry.readAtMs);
    }
    if (this.entries.size === 0) return;
    const changes = await readChanges(knex, oldest - CHANGE_MARGIN_MS);
    for (const { startMs, ms, changedAtMs } of changes) {
      for (const [key, entry] of this.entries) {
        if (
          entry.fromMs < startMs + ms &&
          startMs < entry.toMs &&
          changedAtMs >= entry.readAtMs - CHANGE_MARGIN_MS
        ) {
          this.entries.delete(key);
        }
      }
    }
  }

  get(key: string, nowMs: number): PieceSums | undefined {
    const entry = this.entries.get(key);
    if (entry) entry.usedAtMs = nowMs;
    return entry?.sums;
  }

  /** Keeps sums read at `readAtMs` (taken before the read began). */
  set(
    key: string,
    entry: { fromMs: number; toMs: number; readAtMs: number; sums: PieceSums },
  ): void {
    this.entries.set(key, { ...entry, usedAtMs: entry.readAtMs });
  }

  get size(): number {
    return this.entries.size;
  }
}
