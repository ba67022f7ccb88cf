// Reliability suite: the long fuzz run. Runs the fuzz tests of the OTLP
// decoders and of the three backends' JSON APIs (on SQLite and PostgreSQL)
// with a larger case count and time budget, and reports per target the
// cases run, the distinct outcomes (status codes), the slowest answer and
// every finding. Size: STEWARD_FUZZ_RUNS cases per target (default 3000),
// STEWARD_FUZZ_SECONDS per target (default 120), STEWARD_FUZZ_SEED.
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FuzzFigures } from '../../packages/fuzz/src/settings.ts';
import { ROOT, runJest } from '../lib/runJest.mts';

const runs = process.env.STEWARD_FUZZ_RUNS ?? '3000';
const seconds = process.env.STEWARD_FUZZ_SECONDS ?? '120';
const reportDir = mkdtempSync(join(tmpdir(), 'steward-fuzz-'));

const jest = runJest({
  patterns: ['otlp/fuzz.test', 'src/fuzz.test'],
  env: {
    STEWARD_FUZZ_RUNS: runs,
    STEWARD_FUZZ_SECONDS: seconds,
    STEWARD_FUZZ_REPORT_DIR: reportDir,
  },
});
const load = loadavg()
  .map(l => l.toFixed(1))
  .join(' ');

const targets: FuzzFigures[] = readdirSync(reportDir)
  .filter(f => f.endsWith('.json'))
  .map(f => JSON.parse(readFileSync(join(reportDir, f), 'utf8')))
  .sort((a, b) => a.target.localeCompare(b.target));
const findings = targets.reduce((n, t) => n + t.failures.length, 0);

const rows = targets.map(
  t =>
    `| ${t.target} | ${t.cases} | ${Object.entries(t.outcomes)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}×${v}`)
      .join(', ')} | ${t.maxLatencyMs.toFixed(1)} | ${t.failures.length} |`,
);
const markdown = [
  '## Fuzzing',
  '',
  `Generated and mutated bad input (seed ${
    targets[0]?.seed ?? 'n/a'
  }, up to ${runs} cases or ${seconds} s per target): the OTLP decoders through their public functions, and every route of the service-graph, slo and ownership backends over HTTP on SQLite and PostgreSQL. A finding is a 5xx, a dropped connection, an answer slower than 10 s, a 400 that names no field, or a decoder throwing anything but \`InputError\`. Wall-clock latencies; load average ${load} at the end of the run.`,
  '',
  '| target | cases | outcomes | max latency (ms) | findings |',
  '| --- | ---: | --- | ---: | ---: |',
  ...rows,
  '',
  `${targets.reduce(
    (n, t) => n + t.cases,
    0,
  )} cases, ${findings} findings; Jest: ${jest.passed} passed, ${
    jest.failed
  } failed in ${(jest.wallMs / 1000).toFixed(0)} s.`,
  ...targets.flatMap(t =>
    t.failures.slice(0, 5).map(f => `- ${t.target}: \`${f.slice(0, 300)}\``),
  ),
  '',
].join('\n');

const result = {
  suite: 'fuzz',
  passed: jest.passed,
  failed: jest.failed + (targets.length === 0 ? 1 : 0),
  figures: {
    cases: targets.reduce((n, t) => n + t.cases, 0),
    findings,
    loadAverage: loadavg(),
    targets,
  },
  markdown,
};
mkdirSync(join(ROOT, 'reliability/results'), { recursive: true });
writeFileSync(
  join(ROOT, 'reliability/results/fuzz.json'),
  `${JSON.stringify(result, null, 2)}\n`,
);
console.log(markdown);
process.exit(result.failed > 0 ? 1 : 0);
