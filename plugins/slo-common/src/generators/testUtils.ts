import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY_MS } from '../math/time';
import { latencySlo, prometheusSli } from '../openslo/testUtils';
import type { PrometheusRulesSlo } from './prometheusRules';

/**
 * Debian's promtool, which CI installs. Tests that need it fail when it is
 * missing instead of skipping: a skipped check would let broken rules ship.
 */
export const PROMTOOL = '/usr/bin/promtool';

/** A 30-day availability SLO over a `prometheus` SLI with a `bad` query. */
export function availability30d(): {
  slo: PrometheusRulesSlo;
  sli: ReturnType<typeof prometheusSli>['spec'];
} {
  return {
    slo: {
      name: 'checkout-availability',
      displayName: 'Checkout availability',
      service: 'checkout',
      objective: 0.999,
      periodMs: 30 * DAY_MS,
    },
    sli: prometheusSli().spec,
  };
}

/** The 28-day latency SLO of the OpenSLO fixtures (service graph, 300 ms). */
export function latency28d(): {
  slo: PrometheusRulesSlo;
  sli: ReturnType<typeof latencySlo>['spec']['indicator']['spec'];
} {
  const doc = latencySlo();
  return {
    slo: {
      name: doc.metadata.name,
      service: doc.spec.service,
      objective: doc.spec.objectives[0].target,
      periodMs: 28 * DAY_MS,
    },
    sli: doc.spec.indicator.spec,
  };
}

/**
 * Runs promtool with files written to a throwaway directory; resolves with
 * its output whatever the exit code, so tests can show promtool's complaint.
 */
export async function runPromtool(options: {
  args: (dir: string) => string[];
  files: Record<string, string>;
}): Promise<{ code: number; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'steward-promtool-'));
  try {
    for (const [name, content] of Object.entries(options.files)) {
      await writeFile(join(dir, name), content);
    }
    return await new Promise((resolve, reject) => {
      execFile(
        PROMTOOL,
        options.args(dir),
        { cwd: dir, timeout: 30_000 },
        (error, stdout, stderr) => {
          const output = `${stdout}${stderr}`;
          if (error && typeof error.code !== 'number') {
            // Not an exit status: promtool is missing or was killed.
            reject(new Error(`${PROMTOOL} did not run: ${error.message}`));
            return;
          }
          resolve({ code: error ? Number(error.code) : 0, output });
        },
      );
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
