// yarn test:reliability [suite ...] [--flag value ...]
//
// Runs each reliability suite (reliability/suites/*.mts, sorted by name, or
// only the named ones) as a node process of its own, then writes
// docs/reliability.md from the suites' results. Flags (`--minutes 2`) are
// passed to every suite; a suite ignores the ones it does not know.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { machine, formatDuration } from './lib/machine.mts';
import { readResult, RESULTS_DIR, type SuiteResult } from './lib/result.mts';

const ROOT = new URL('..', import.meta.url).pathname;
const SUITES_DIR = join(ROOT, 'reliability/suites');

const argv = process.argv.slice(2);
const flags: string[] = [];
const named: string[] = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i].startsWith('--')) {
    flags.push(argv[i]);
    if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) {
      flags.push(argv[++i]);
    }
  } else named.push(argv[i]);
}

const available = readdirSync(SUITES_DIR)
  .filter(f => f.endsWith('.mts'))
  .map(f => f.slice(0, -'.mts'.length))
  .sort();
const unknown = named.filter(n => !available.includes(n));
if (unknown.length > 0) {
  console.error(
    `unknown suites: ${unknown.join(', ')}; available: ${available.join(', ')}`,
  );
  process.exit(2);
}
const selected =
  named.length > 0 ? available.filter(n => named.includes(n)) : available;

function runSuite(name: string): Promise<number | null> {
  return new Promise(resolve => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(SUITES_DIR, `${name}.mts`), ...flags],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    );
    // Ctrl-C reaches the suite through the terminal; the suite stops its backends.
    child.once('exit', code => resolve(code));
  });
}

async function main() {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const started = Date.now();
  const before = machine();
  const ran = new Map<
    string,
    { result?: SuiteResult; exitCode: number | null; seconds: number }
  >();
  for (const name of selected) {
    console.log(`\n=== reliability suite ${name} ===`);
    const file = join(RESULTS_DIR, `${name}.json`);
    // A result left by an earlier run must not pass for this one.
    if (existsSync(file)) writeFileSync(file, '');
    const suiteStarted = Date.now();
    const exitCode = await runSuite(name);
    const seconds = (Date.now() - suiteStarted) / 1000;
    ran.set(name, { result: readResult(name), exitCode, seconds });
    console.log(
      `=== ${name}: exit ${exitCode}, ${formatDuration(seconds)} ===`,
    );
  }
  const totalSeconds = (Date.now() - started) / 1000;

  let passed = 0;
  let failed = 0;
  const sections: string[] = [];
  for (const name of available) {
    const run = ran.get(name);
    if (run) {
      const { result, exitCode, seconds } = run;
      if (result) {
        passed += result.passed;
        failed += result.failed;
      }
      // A suite that died, or exited non-zero without counting a failure, is one.
      if (!result || (exitCode !== 0 && result.failed === 0)) failed += 1;
      sections.push(
        result
          ? `${result.markdown.trim()}\n\n_Suite run time: ${formatDuration(
              seconds,
            )}._`
          : `## ${name}\n\nThe suite ended (exit ${exitCode}) without writing its result.`,
      );
      continue;
    }
    const earlier = readResult(name);
    if (earlier) {
      const at = statSync(
        join(RESULTS_DIR, `${name}.json`),
      ).mtime.toISOString();
      sections.push(
        `${earlier.markdown.trim()}\n\n_From an earlier run (${at}), not this one._`,
      );
    } else {
      sections.push(`## ${name}\n\nNot run.`);
    }
  }

  const after = machine();
  const header = [
    '# Reliability report',
    '',
    'Written by `yarn test:reliability` (`reliability/run.mts`); each section below',
    'is written by its suite in `reliability/suites/`. Reproduce with',
    '`yarn test:reliability [suite ...]`.',
    '',
    `- date: ${new Date(started).toISOString()}`,
    `- machine: ${before.cores} cores (${before.cpuModel}), ${before.memoryGiB} GiB memory, ${before.platform}, node ${process.version}`,
    `- load average (1, 5, 15 min): ${before.loadAverage} at the start, ${after.loadAverage} at the end`,
    `- commit: ${before.commit}`,
    `- suites run: ${selected.join(', ')} (flags: ${
      flags.join(' ') || 'none'
    }); whole run ${formatDuration(totalSeconds)}`,
    `- result: ${passed} passed, ${failed} failed`,
    '',
  ].join('\n');
  const report = join(ROOT, 'docs/reliability.md');
  writeFileSync(report, `${header}\n${sections.join('\n\n')}\n`);
  // Formatted as every committed file is, so that the report passes
  // `prettier --check`.
  spawnSync(join(ROOT, 'node_modules/.bin/prettier'), ['--write', report], {
    stdio: 'inherit',
  });
  console.log(
    `\nreport: docs/reliability.md; whole run ${formatDuration(totalSeconds)}`,
  );
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
