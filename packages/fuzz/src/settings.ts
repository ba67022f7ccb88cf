import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** How long a fuzz run is: a quick seeded run in CI, longer on request. */
export type FuzzSettings = {
  /** Cases to run (STEWARD_FUZZ_RUNS, else the caller's default). */
  runs: number;
  /** Wall-clock budget in ms (STEWARD_FUZZ_SECONDS); the run stops early at it. */
  budgetMs: number;
  /** Seed of the generators (STEWARD_FUZZ_SEED), so a finding replays. */
  seed: number;
};

function positiveEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  }
  return value;
}

/**
 * Reads the run's size from the environment: tests pass their CI default,
 * the reliability suite raises the count and the time budget.
 */
export function fuzzSettings(defaults: {
  runs: number;
  budgetMs?: number;
}): FuzzSettings {
  const seconds = positiveEnv('STEWARD_FUZZ_SECONDS');
  return {
    runs: positiveEnv('STEWARD_FUZZ_RUNS') ?? defaults.runs,
    budgetMs:
      seconds !== undefined ? seconds * 1000 : defaults.budgetMs ?? 60_000,
    seed: positiveEnv('STEWARD_FUZZ_SEED') ?? 20261121,
  };
}

/** What one fuzz target did, as the reliability report shows it. */
export type FuzzFigures = {
  target: string;
  cases: number;
  /** Responses (or outcomes such as `InputError`) and how often each came. */
  outcomes: Record<string, number>;
  maxLatencyMs: number;
  seed: number;
  failures: string[];
};

/**
 * Leaves the figures where the reliability suite collects them
 * (STEWARD_FUZZ_REPORT_DIR); a no-op in ordinary test runs.
 */
export function recordFuzzFigures(figures: FuzzFigures): void {
  const dir = process.env.STEWARD_FUZZ_REPORT_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${figures.target.replace(/[^a-z0-9-]+/gi, '-')}.json`),
    JSON.stringify(figures, null, 2),
  );
}
