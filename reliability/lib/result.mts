// What a suite hands to reliability/run.mts: its checks, its figures and its
// section of docs/reliability.md, in reliability/results/<suite>.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAverage } from './machine.mts';

export const RESULTS_DIR = new URL('../results/', import.meta.url).pathname;

export type SuiteResult = {
  suite: string;
  passed: number;
  failed: number;
  figures: Record<string, unknown>;
  markdown: string;
};

export function readResult(suite: string): SuiteResult | undefined {
  const file = join(RESULTS_DIR, `${suite}.json`);
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  if (!text.trim()) return undefined;
  return JSON.parse(text) as SuiteResult;
}

export type Check = { name: string; ok: boolean; detail: string };

/** Collects one suite's checks and figures while it runs. */
export class SuiteRecorder {
  readonly checks: Check[] = [];
  readonly figures: Record<string, unknown> = {};
  private readonly cleanups: (() => Promise<void> | void)[] = [];

  readonly name: string;

  constructor(name: string) {
    this.name = name;
  }

  /** Records a check; the suite goes on either way, so one run shows every failure. */
  check(name: string, ok: boolean, detail = ''): boolean {
    this.checks.push({ name, ok, detail });
    console.log(
      `${ok ? 'PASS' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`,
    );
    return ok;
  }

  figure(key: string, value: unknown) {
    this.figures[key] = value;
  }

  /** Runs when the suite ends, last registered first (backends, temp dirs). */
  onCleanup(fn: () => Promise<void> | void) {
    this.cleanups.push(fn);
  }

  async cleanup() {
    while (this.cleanups.length > 0) {
      try {
        await this.cleanups.pop()!();
      } catch (error) {
        console.error(`cleanup: ${error}`);
      }
    }
  }

  /** The checks as a markdown table, for the suite's section. */
  checksTable(): string {
    return [
      '| check | result | detail |',
      '| ----- | ------ | ------ |',
      ...this.checks.map(
        c =>
          `| ${c.name} | ${c.ok ? 'passed' : '**FAILED**'} | ${c.detail.replace(
            /\|/g,
            '\\|',
          )} |`,
      ),
    ].join('\n');
  }
}

/**
 * Runs a suite's body and always writes its result: an exception is one
 * failed check named after it, and the section says so.
 */
export async function runSuite(
  name: string,
  body: (suite: SuiteRecorder) => Promise<string>,
): Promise<void> {
  const suite = new SuiteRecorder(name);
  const loadAtStart = loadAverage();
  let markdown: string;
  const stop = () => {
    void suite.cleanup().then(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    markdown = await body(suite);
  } catch (error) {
    suite.check(
      'suite ran to the end',
      false,
      String((error as Error)?.stack ?? error)
        .split('\n')
        .slice(0, 3)
        .join(' '),
    );
    markdown = `## ${name}\n\nThe suite stopped early.\n\n${suite.checksTable()}`;
  } finally {
    await suite.cleanup();
  }
  const passed = suite.checks.filter(c => c.ok).length;
  const failed = suite.checks.length - passed;
  const result: SuiteResult = {
    suite: name,
    passed,
    failed,
    figures: {
      ...suite.figures,
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadAverage(),
    },
    markdown,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(
    join(RESULTS_DIR, `${name}.json`),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  console.log(`${name}: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

/** `--name value` from the command line, or the fallback. */
export function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] ?? fallback : fallback;
}
