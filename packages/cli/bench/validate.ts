// yarn bench:validate [--files 1000] [--runs 5] [--keep]
//
// Writes a monorepo of `--files` catalog files to a temporary directory
// (per service a catalog-info.yaml with a Component and a Location, and a
// slos.yaml with two SLOs; the organisation's Groups, Users, SLI library and
// AlertPolicies in an org/ directory; one service in a hundred broken), then
// runs the real `steward validate <dir>` on it `--runs` times and prints,
// for the whole command and for the validation alone (in this process), the
// wall time and the CPU time. The goal is under 2 s for 1,000 files.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collectFiles } from '../src/validate/collectFiles';
import { validateFiles } from '../src/validate/validateFiles';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const FILES = flag('files', 1000);
const RUNS = Math.max(1, Math.min(flag('runs', 5), 50));
const TEAMS = 20;
const BIN = path.resolve(__dirname, '../bin/steward');

function component(i: number, team: number, broken: boolean): string {
  const name = `service-${i}`;
  return `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  description: Service number ${i} of the benchmark monorepo.
  annotations:
    steward.dev/tier: '${(i % 4) + 1}'
    steward.dev/last-reviewed: '${broken ? '2026-02-30' : '2026-11-01'}'
  links:
${['runbook', 'dashboard', 'alerts', 'playbook']
  .map(
    type =>
      `    - url: https://${type}.example.com/${name}\n      title: ${type}\n      type: ${type}`,
  )
  .join('\n')}
spec:
  type: service
  lifecycle: production
  owner: ${broken ? 'nobody' : `team-${team}`}
  system: shop
---
apiVersion: backstage.io/v1alpha1
kind: Location
metadata:
  name: ${name}-slos
spec:
  targets:
    - ./slos.yaml
`;
}

function slos(i: number, broken: boolean): string {
  return `apiVersion: openslo/v1
kind: SLO
metadata:
  name: service-${i}-availability
spec:
  service: service-${i}
  indicatorRef: http-availability
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - target: ${broken ? 1.5 : 0.999}
  alertPolicies:
    - alertPolicyRef: multiwindow
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: service-${i}-latency
spec:
  service: service-${i}
  indicatorRef: http-latency-300ms
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - target: 0.99
`;
}

function org(): string {
  const docs: string[] = [];
  for (let t = 0; t < TEAMS; t++) {
    docs.push(`apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-${t}
spec:
  type: team
  children: []
  members: [user-${t}-a, user-${t}-b]
  oncall:
    rotations:
      - name: primary
        timeZone: Europe/London
        start: '2026-01-05'
        handoff: { weekday: monday, time: '09:00' }
        length: 1w
        members: [user-${t}-a, user-${t}-b]
    escalationPolicy:
      name: team-${t}
      steps:
        - afterMinutes: 0
          targets: [{ type: rotation, name: primary }]
`);
    for (const s of ['a', 'b']) {
      docs.push(`apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: user-${t}-${s}
spec:
  memberOf: [team-${t}]
`);
    }
  }
  docs.push(`apiVersion: backstage.io/v1alpha1
kind: System
metadata:
  name: shop
spec:
  owner: team-0
`);
  return docs.join('---\n');
}

function library(): string {
  const sli = (name: string, spec: string) => `apiVersion: openslo/v1
kind: SLI
metadata:
  name: ${name}
spec:
  ratioMetric:
    counter: true
    good:
      metricSource:
        type: steward-service-graph
        spec: ${spec}
    total:
      metricSource:
        type: steward-service-graph
        spec: ${spec}
`;
  return [
    sli('http-availability', '{ signal: availability }'),
    sli('http-latency-300ms', '{ signal: latency, thresholdMs: 300 }'),
    `apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: multiwindow
spec:
  conditions:
    - kind: AlertCondition
      metadata: { name: page-1h }
      spec:
        severity: page
        condition: { kind: burnrate, threshold: 14.4, lookbackWindow: 1h, alertAfter: 0m }
`,
  ].join('---\n');
}

/** Writes the corpus; returns its file count and how many services are broken. */
function writeCorpus(root: string): { files: number; broken: number } {
  fs.mkdirSync(path.join(root, 'org'), { recursive: true });
  fs.writeFileSync(path.join(root, 'org', 'org.yaml'), org());
  fs.writeFileSync(path.join(root, 'org', 'sli-library.yaml'), library());
  // Noise a monorepo has: YAML that is not catalog data is skipped unread.
  fs.writeFileSync(path.join(root, 'org', 'ci.yml'), 'on: [push]\njobs: {}\n');
  let files = 2;
  let broken = 0;
  for (let i = 0; files + 2 <= FILES; i++) {
    const dir = path.join(root, 'services', `service-${i}`);
    fs.mkdirSync(dir, { recursive: true });
    const isBroken = i % 100 === 99;
    broken += isBroken ? 1 : 0;
    fs.writeFileSync(
      path.join(dir, 'catalog-info.yaml'),
      component(i, i % TEAMS, isBroken),
    );
    fs.writeFileSync(path.join(dir, 'slos.yaml'), slos(i, isBroken));
    files += 2;
  }
  return { files, broken };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function format(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}

async function main() {
  const root = fs.mkdtempSync(
    path.join(os.tmpdir(), 'steward-bench-validate-'),
  );
  try {
    const corpus = writeCorpus(root);
    console.log(
      `corpus: ${corpus.files} files in ${root} (${corpus.broken} services broken on purpose)`,
    );
    console.log(
      `node ${process.version}, ${os.cpus().length} cores, load ${os
        .loadavg()[0]
        .toFixed(2)}`,
    );

    const command: Array<{ wall: number; cpu: number }> = [];
    let summary = '';
    for (let run = 0; run < RUNS; run++) {
      // /usr/bin/time gives the child's CPU time; fall back to wall only.
      const hasTime = fs.existsSync('/usr/bin/time');
      const started = process.hrtime.bigint();
      const result = hasTime
        ? spawnSync(
            '/usr/bin/time',
            ['-f', 'STEWARD_CPU %U %S', process.execPath, BIN, 'validate', '.'],
            { cwd: root, encoding: 'utf8', timeout: 120_000 },
          )
        : spawnSync(process.execPath, [BIN, 'validate', '.'], {
            cwd: root,
            encoding: 'utf8',
            timeout: 120_000,
          });
      const wall = Number(process.hrtime.bigint() - started) / 1e6;
      const cpuMatch = /STEWARD_CPU ([\d.]+) ([\d.]+)/.exec(
        result.stderr ?? '',
      );
      const cpu = cpuMatch
        ? (Number(cpuMatch[1]) + Number(cpuMatch[2])) * 1000
        : NaN;
      command.push({ wall, cpu });
      summary = result.stdout.trim().split('\n').pop() ?? '';
      if (result.status !== 1) {
        throw new Error(
          `steward validate exited ${result.status}, expected 1 for the broken services:\n${result.stderr}`,
        );
      }
    }
    console.log(`steward validate: ${summary}`);

    const inProcess: Array<{ wall: number; cpu: number }> = [];
    for (let run = 0; run < RUNS; run++) {
      const cpuBefore = process.cpuUsage();
      const started = process.hrtime.bigint();
      await validateFiles({
        files: collectFiles([root]),
        cwd: root,
        policy: { nowMs: Date.now() },
      });
      const wall = Number(process.hrtime.bigint() - started) / 1e6;
      const cpu = process.cpuUsage(cpuBefore);
      inProcess.push({ wall, cpu: (cpu.user + cpu.system) / 1000 });
    }

    const row = (label: string, runs: Array<{ wall: number; cpu: number }>) =>
      console.log(
        `${label}: wall median ${format(
          median(runs.map(r => r.wall)),
        )} (min ${format(
          Math.min(...runs.map(r => r.wall)),
        )}), CPU median ${format(median(runs.map(r => r.cpu)))} over ${
          runs.length
        } runs`,
      );
    row(
      'whole command (node start, TypeScript transform, read, validate)',
      command,
    );
    row('validation alone, in process (read, parse, validate)', inProcess);
    // Wall time counts the waits of a shared machine; CPU time does not, and
    // is what the command costs on an idle one.
    const verdict = (ms: number) => (ms < 2000 ? 'met' : 'NOT met');
    console.log(
      `goal, whole command under 2 s for ${
        corpus.files
      } files: by wall time ${verdict(
        median(command.map(r => r.wall)),
      )}, by CPU time ${verdict(median(command.map(r => r.cpu)))} (load ${os
        .loadavg()[0]
        .toFixed(2)} on ${os.cpus().length} cores)`,
    );
  } finally {
    if (!args.includes('--keep'))
      fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
