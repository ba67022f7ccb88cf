/* eslint-disable no-console */
import { ChildProcess, spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { parseArgs } from 'node:util';
import { BackendClient } from './backendClient';
import { backfill } from './backfill';
import { startLiveDemo } from './live/liveDemo';
import { seededRandom } from './model/random';

const USAGE = `Usage: yarn workspace @steward/demo start [options]

  --mode auto|live|backfill  auto (default): backfill when the service graph has
                             no history, then run live; backfill: only write
                             history; live: only run the live shop
  --backend URL              Steward backend (default http://localhost:7007, or the
                             port in STEWARD_BACKEND_PORT)
  --days N                   days of history to backfill (default 30)
  --until MS                 end of the backfilled history, Unix ms (default now)
  --peak N                   live page loads per second at the daily peak (default 1)
  --backfill-peak N          backfilled page loads per second at the peak (default 0.1)
  --backfill-delay S         auto mode: start the backfill S seconds after the live
                             shop, once the portal has settled (default 60)
  --backfill-duty F          share of the time the backfill works, 0 to 1 (default 0.5)
  --minutes N                stop the live shop after N minutes (default: run until stopped)
`;

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!(n > 0)) {
    console.error(
      `--${name} must be a positive number, got ${value}\n\n${USAGE}`,
    );
    process.exit(2);
  }
  return n;
}

async function main() {
  const { values } = parseArgs({
    options: {
      mode: { type: 'string', default: 'auto' },
      backend: {
        type: 'string',
        default: `http://localhost:${process.env.STEWARD_BACKEND_PORT || 7007}`,
      },
      days: { type: 'string', default: '30' },
      until: { type: 'string' },
      peak: { type: 'string', default: '1' },
      'backfill-peak': { type: 'string', default: '0.1' },
      'backfill-delay': { type: 'string', default: '60' },
      'backfill-duty': { type: 'string', default: '0.5' },
      minutes: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !['auto', 'live', 'backfill'].includes(values.mode!)) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const log = (message: string) =>
    console.log(`${new Date().toISOString()} demo ${message}`);
  const backendUrl = values.backend!;
  const endpoint = `${backendUrl}/api/service-graph`;
  const client = BackendClient.create({ baseUrl: backendUrl });
  await client.waitUntilReady(300_000);

  const startMs = Date.now();
  let backfillProcess: ChildProcess | undefined;
  let backfillTimer: NodeJS.Timeout | undefined;
  const live =
    values.mode === 'backfill'
      ? undefined
      : await startLiveDemo({
          endpoint,
          client,
          peakPerSecond: positive('peak', values.peak!),
          startMs,
          random: seededRandom(startMs),
          log,
        });
  if (live)
    log(`live shop running, ${values.peak} page loads/s at the daily peak`);

  if (values.mode === 'backfill') {
    const days = positive('days', values.days!);
    log(`backfill: writing ${days} days of history`);
    const result = await backfill({
      endpoint,
      client,
      untilMs: values.until ? positive('until', values.until) : startMs,
      days,
      peakPerSecond: positive('backfill-peak', values['backfill-peak']!),
      duty: Math.min(1, positive('backfill-duty', values['backfill-duty']!)),
      log,
    });
    log(
      `backfill: done, ${result.pages} page loads in ${result.seconds.toFixed(
        1,
      )} s`,
    );
  } else if (values.mode === 'auto') {
    if (await client.hasHistory(startMs)) {
      log('backfill: skipped, the service graph already has history');
    } else {
      // In a process of its own at low priority, working half the time, and
      // after the portal has started and evaluated the first live minute,
      // so that it delays neither the live shop's requests nor the portal.
      const delayS = Number(values['backfill-delay']);
      log(`backfill: starting in ${delayS} s`);
      backfillTimer = setTimeout(() => {
        backfillProcess = spawn(
          process.execPath,
          [
            ...process.execArgv,
            process.argv[1],
            '--mode=backfill',
            `--backend=${backendUrl}`,
            `--days=${values.days}`,
            `--backfill-peak=${values['backfill-peak']}`,
            `--backfill-duty=${values['backfill-duty']}`,
            `--until=${startMs}`,
          ],
          { stdio: 'inherit' },
        );
        if (backfillProcess.pid) setPriority(backfillProcess.pid, 10);
        backfillProcess.on('exit', code => {
          if (code) log(`backfill: failed with exit code ${code}`);
        });
      }, delayS * 1000);
    }
  }

  if (!live) return;
  const stop = async () => {
    clearTimeout(backfillTimer);
    backfillProcess?.kill();
    // Spans still queued for a backend that is stopping too are not worth a wait.
    setTimeout(() => process.exit(0), 5000).unref();
    await live.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (values.minutes) {
    setTimeout(stop, positive('minutes', values.minutes) * 60_000);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
