// The backend under benchmark: a real Backstage backend (backend-defaults)
// with the service-graph plugin and nothing else, configured by the YAML
// file given as `--config` (written by ingest.ts). It answers `usage`
// messages with its own CPU time and resident memory, so that the bench can
// report spans per CPU-second of this process, a figure that other load on
// the machine does not distort, and with the garbage collector's pauses, so
// that the bench can say how much of that CPU time went to collecting.
import { createBackend } from '@backstage/backend-defaults';
import { constants, PerformanceObserver } from 'node:perf_hooks';

/** Main-thread GC pause time so far, in seconds, by kind. */
const gcPauseSeconds = { scavenge: 0, markCompact: 0, other: 0 };
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    const kind = (entry.detail as { kind?: number } | undefined)?.kind;
    const seconds = entry.duration / 1000;
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
      gcPauseSeconds.scavenge += seconds;
    } else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
      gcPauseSeconds.markCompact += seconds;
    } else {
      gcPauseSeconds.other += seconds;
    }
  }
}).observe({ entryTypes: ['gc'] });

const backend = createBackend();
backend.add(import('../src'));

process.on('message', message => {
  if (message === 'usage') {
    const { user, system } = process.cpuUsage();
    process.send!({
      usage: {
        cpuSeconds: (user + system) / 1e6,
        mainThreadCpuSeconds: (() => {
          const t = process.threadCpuUsage();
          return (t.user + t.system) / 1e6;
        })(),
        rssBytes: process.memoryUsage.rss(),
        gcPauseSeconds: { ...gcPauseSeconds },
      },
    });
  }
});

backend
  .start()
  .then(() => process.send!({ ready: true }))
  .catch(error => {
    console.error(error);
    process.exit(1);
  });
