// The backend under benchmark: a real Backstage backend (backend-defaults)
// with the service-graph plugin and nothing else, configured by the YAML
// file given as `--config` (written by ingest.ts). It answers `usage`
// messages with its own CPU time and resident memory, so that the bench can
// report spans per CPU-second of this process, a figure that other load on
// the machine does not distort.
import { createBackend } from '@backstage/backend-defaults';

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
