// yarn bench:routing [--traces 100] [--spans 1000] [--concurrency 4] [--dir <tmp>]
//
// Routing by trace walk against a real backend (backend-defaults with the
// catalog, service-graph, notifications and ownership plugins, SQLite in a
// temporary directory) in a child process:
// - a catalog of 100 Components owned by 10 teams, each with a rotation;
// - `--traces` erroring traces of `--spans` spans each, ingested over OTLP,
//   whose erroring path runs 20 calls deep to svc-40 (team-0);
// - one Alertmanager v4 webhook per trace, naming the trace, sent one at a
//   time: the time to its answer is trace fetch, walk, owner and on-call
//   lookup, recording and the notification stored by the notifications
//   plugin (webhook to notification); then the same with `--concurrency`
//   webhooks in flight, for decisions per second.
// Figures are wall-clock on a shared machine; the goal is p95 < 50 ms.
// BENCH_PROFILE_DIR=<dir> writes the backend's CPU profile there.
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { alertmanagerWebhook } from '../src/__testUtils__/alertmanagerWebhook';

function stringArg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const arg = (name: string, fallback: string) =>
  Number(stringArg(name, fallback));
const TRACES = arg('traces', '100');
const SPANS = arg('spans', '1000');
const CONCURRENCY = arg('concurrency', '4');
// Where the backend's SQLite files go: /dev/shm takes the disk's sync
// latency (other work on a shared machine) out of the figures.
const DIR = stringArg('dir', os.tmpdir());
const SERVICES = 100;
const TEAMS = 10;
const DEPTH = 20;
const GOAL_P95_MS = 50;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

function catalogYaml(): string {
  const docs: unknown[] = [];
  for (let t = 0; t < TEAMS; t++) {
    const members = [`user:default/u${t}a`, `user:default/u${t}b`];
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: `team-${t}` },
      spec: {
        type: 'team',
        children: [],
        members: members.map(m => m.split('/')[1]),
        oncall: {
          rotations: [
            {
              name: `team-${t}-primary`,
              timeZone: 'Europe/Rome',
              start: '2026-01-05',
              handoff: { weekday: 'monday', time: '09:00' },
              length: '1w',
              members,
            },
          ],
          escalationPolicy: {
            name: `team-${t}`,
            steps: [
              {
                afterMinutes: 0,
                targets: [{ type: 'rotation', name: `team-${t}-primary` }],
              },
            ],
          },
        },
      },
    });
    for (const m of members) {
      docs.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: m.split('/')[1] },
        spec: { memberOf: [`team-${t}`] },
      });
    }
  }
  for (let s = 0; s < SERVICES; s++) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `svc-${s}`,
        links: [
          { url: `https://runbooks.example.com/svc-${s}`, type: 'runbook' },
        ],
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: `team-${s % TEAMS}`,
      },
    });
  }
  // JSON documents are YAML.
  return docs.map(d => JSON.stringify(d)).join('\n---\n');
}

/**
 * One trace of SPANS spans: a root server span in svc-0 and client/server
 * pairs; the first DEPTH pairs form the erroring chain ending in svc-40,
 * the rest hang off earlier servers and succeed.
 */
function trace(n: number): { traceId: string; body: unknown } {
  const traceId = randomBytes(16).toString('hex');
  const now = BigInt(Date.now()) * 1_000_000n;
  const bySvc = new Map<string, unknown[]>();
  let nextId = 1;
  const id = () => (nextId++).toString(16).padStart(16, '0');
  const add = (service: string, span: Record<string, unknown>) => {
    const list = bySvc.get(service) ?? [];
    list.push({
      traceId,
      startTimeUnixNano: String(now - 50_000_000n),
      endTimeUnixNano: String(now),
      ...span,
    });
    bySvc.set(service, list);
  };
  const servers: Array<{ id: string; service: string }> = [];
  const rootId = id();
  add('svc-0', {
    spanId: rootId,
    name: `Checkout${n % 3}`,
    kind: 2,
    status: { code: 2 },
  });
  servers.push({ id: rootId, service: 'svc-0' });
  const pairs = Math.floor((SPANS - 1) / 2);
  for (let k = 1; k <= pairs; k++) {
    const onChain = k <= DEPTH;
    const parent = onChain
      ? servers[k - 1]
      : servers[(k * 13) % servers.length];
    const service = onChain
      ? `svc-${(k * 2) % SERVICES}`
      : `svc-${(k * 7) % SERVICES}`;
    const status = onChain ? { code: 2 } : {};
    const clientId = id();
    add(parent.service, {
      spanId: clientId,
      parentSpanId: parent.id,
      name: `call ${service}`,
      kind: 3,
      status,
    });
    const serverId = id();
    add(service, {
      spanId: serverId,
      parentSpanId: clientId,
      name: 'handle',
      kind: 2,
      status,
    });
    servers.push({ id: serverId, service });
  }
  if ((SPANS - 1) % 2 === 1) {
    add('svc-0', {
      spanId: id(),
      parentSpanId: rootId,
      name: 'cache get',
      kind: 1,
    });
  }
  return {
    traceId,
    body: {
      resourceSpans: [...bySvc.entries()].map(([service, spans]) => ({
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: service } },
          ],
        },
        scopeSpans: [{ spans }],
      })),
    },
  };
}

function webhook(name: string, traceId: string) {
  return alertmanagerWebhook({
    labels: { alertname: name, service_name: 'svc-0', trace_id: traceId },
    annotations: { summary: 'bench' },
  });
}

/** User + system CPU time of a process so far, from /proc (Linux). */
function backendCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  // utime and stime, fields 14 and 15 of stat(5), in clock ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

async function main() {
  const dir = mkdtempSync(join(DIR, 'steward-bench-routing-'));
  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  const base = `http://127.0.0.1:${port}/api`;
  writeFileSync(join(dir, 'catalog.yaml'), catalogYaml());
  writeFileSync(
    join(dir, 'app-config.yaml'),
    JSON.stringify({
      app: { baseUrl: 'http://localhost:3000' },
      backend: {
        baseUrl: `http://127.0.0.1:${port}`,
        listen: { host: '127.0.0.1', port },
        database: {
          client: 'better-sqlite3',
          connection: { directory: join(dir, 'sqlite') },
        },
        auth: {
          externalAccess: [
            { type: 'static', options: { token, subject: 'bench' } },
          ],
        },
      },
      catalog: {
        rules: [{ allow: ['Component', 'Group', 'User', 'Location'] }],
        locations: [{ type: 'file', target: join(dir, 'catalog.yaml') }],
      },
      serviceGraph: { traces: { assemblyWindowMs: 200 } },
      // Every alert is its own group: each one is delivered.
      ownership: { routing: { dedupeWindowMinutes: 0 } },
    }),
  );
  const logFile = join(dir, 'backend.log');
  const log = openSync(logFile, 'a');
  const child: ChildProcess = fork(
    join(__dirname, 'server.ts'),
    ['--config', join(dir, 'app-config.yaml')],
    {
      execArgv: [
        '--import',
        'tsx',
        ...(process.env.BENCH_PROFILE_DIR
          ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
          : []),
      ],
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn' },
      stdio: ['ignore', log, log, 'ipc'],
    },
  );
  closeSync(log);
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise(r => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', code =>
        reject(
          new Error(
            `backend exited ${code}:\n${readFileSync(logFile, 'utf8').slice(
              -4000,
            )}`,
          ),
        ),
      );
    });
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
        },
        body: JSON.stringify(body),
      });
      if (!res.ok)
        throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };

    const traces = Array.from({ length: TRACES }, (_, i) => trace(i));
    for (const t of traces) await post('/service-graph/v1/traces', t.body);

    // Ready when the catalog knows the owners and the traces are stored.
    const deadline = Date.now() + 120_000;
    for (let i = 0; ; i++) {
      const { decisions } = await post(
        '/ownership/v1/alerts/alertmanager',
        webhook(`Warmup${i}`, traces[traces.length - 1].traceId),
      );
      if (decisions[0].ownerRef && decisions[0].traceId) break;
      if (Date.now() > deadline)
        throw new Error(`not ready: ${JSON.stringify(decisions[0])}`);
      await new Promise(r => setTimeout(r, 500));
    }

    // Measure in steady state: after the catalog has processed and stitched
    // every entity of the bench, not while it is still ingesting them.
    const stitched = async (filter: string) => {
      const res = await fetch(
        `${base}/catalog/entities/by-query?${filter}&limit=1`,
        {
          headers: { Authorization: `Bearer ${token}` },
        },
      );
      return (await res.json()).totalItems as number;
    };
    while (
      (await stitched('filter=kind=component,relations.ownedBy')) < SERVICES ||
      (await stitched('filter=kind=user,relations.memberOf')) < 2 * TEAMS ||
      (await stitched('filter=kind=group,relations.hasMember')) < TEAMS
    ) {
      if (Date.now() > deadline) throw new Error('the catalog did not settle');
      await new Promise(r => setTimeout(r, 500));
    }

    const check = (d: any, traceId: string) => {
      if (
        d.traceId !== traceId ||
        d.culpritService !== 'svc-40' ||
        d.ownerRef !== 'group:default/team-0' ||
        !d.oncall?.current
      ) {
        throw new Error(`wrong decision: ${JSON.stringify(d)}`);
      }
    };
    const cpu0 = process.cpuUsage();
    const backendCpu0 = backendCpuMs(child.pid!);
    const latencies: number[] = [];
    const decided: number[] = [];
    const phases: Record<string, number[]> = {};
    for (const [i, t] of traces.entries()) {
      const start = performance.now();
      const { decisions } = await post(
        '/ownership/v1/alerts/alertmanager',
        webhook(`Seq${i}`, t.traceId),
      );
      latencies.push(performance.now() - start);
      check(decisions[0], t.traceId);
      decided.push(decisions[0].decidedInMs);
      for (const [phase, ms] of Object.entries(decisions[0].phasesMs)) {
        (phases[phase] ??= []).push(ms as number);
      }
    }
    const backendCpuSequential = backendCpuMs(child.pid!) - backendCpu0;
    latencies.sort((a, b) => a - b);
    decided.sort((a, b) => a - b);
    Object.values(phases).forEach(list => list.sort((a, b) => a - b));

    // The trace fetch alone, as routing does it: the largest part of a decision.
    const backendCpuFetch0 = backendCpuMs(child.pid!);
    const fetches: number[] = [];
    for (const t of traces) {
      const start = performance.now();
      const res = await fetch(`${base}/service-graph/v1/traces/${t.traceId}`, {
        headers: {
          Authorization: `Bearer ${token}`,
          'Accept-Encoding': 'identity',
        },
      });
      await res.json();
      fetches.push(performance.now() - start);
    }
    const backendCpuFetches = backendCpuMs(child.pid!) - backendCpuFetch0;
    fetches.sort((a, b) => a - b);

    let next = 0;
    const parallelDecided: number[] = [];
    const startAll = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < traces.length) {
          const i = next++;
          const { decisions } = await post(
            '/ownership/v1/alerts/alertmanager',
            webhook(`Par${i}`, traces[i].traceId),
          );
          check(decisions[0], traces[i].traceId);
          parallelDecided.push(decisions[0].decidedInMs);
        }
      }),
    );
    const seconds = (performance.now() - startAll) / 1000;
    parallelDecided.sort((a, b) => a - b);
    const cpu = process.cpuUsage(cpu0);

    const f = (n: number) => `${n.toFixed(1)} ms`;
    const quantiles = (list: number[]) =>
      `p50 ${f(quantile(list, 0.5))}  p95 ${f(quantile(list, 0.95))}  p99 ${f(
        quantile(list, 0.99),
      )}  max ${f(list[list.length - 1])}`;
    console.log(
      `traces: ${TRACES} of ${SPANS} spans, erroring path ${DEPTH} calls deep; 100 services, 10 teams; SQLite in ${DIR}`,
    );
    console.log(
      `routing decision (trace fetch, walk, owner and on-call lookup; the router's decidedInMs), one at a time (${TRACES} alerts):`,
    );
    console.log(
      `  ${quantiles(decided)}  (goal: p95 < ${GOAL_P95_MS} ms: ${
        quantile(decided, 0.95) < GOAL_P95_MS ? 'met' : 'NOT met'
      })`,
    );
    console.log(`phases of each alert (the router's phasesMs):`);
    for (const [phase, list] of Object.entries(phases)) {
      console.log(
        `  ${phase.replace(/Ms$/, '').padEnd(11)} ${quantiles(list)}`,
      );
    }
    console.log(
      `webhook → decision → recorded → notification, measured by the client:`,
    );
    console.log(`  ${quantiles(latencies)}`);
    console.log(
      `  of which the trace fetch alone (GET /api/service-graph/v1/traces/:id): ${quantiles(
        fetches,
      )}; backend CPU ${(backendCpuFetches / TRACES).toFixed(1)} ms per fetch`,
    );
    console.log(
      `  sequential rate ${(
        1000 /
        (latencies.reduce((a, b) => a + b, 0) / latencies.length)
      ).toFixed(0)} decisions/s; backend CPU ${(
        backendCpuSequential / TRACES
      ).toFixed(1)} ms per alert (whole backend process, user + system)`,
    );
    console.log(
      `${CONCURRENCY} in flight: ${(traces.length / seconds).toFixed(
        0,
      )} decisions/s; decision ${quantiles(parallelDecided)}`,
    );
    console.log(
      `bench client CPU: ${((cpu.user + cpu.system) / 1000).toFixed(
        0,
      )} ms; load average ${os
        .loadavg()
        .map(l => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
