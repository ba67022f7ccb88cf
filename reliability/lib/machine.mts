// The machine a run happens on, for the report's header and the suites'
// figures: wall-clock figures mean little without it.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';

export function machine() {
  const cpuList = cpus();
  let commit = 'unknown';
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync(
      'git',
      ['status', '--porcelain', '--untracked-files=no'],
      {
        encoding: 'utf8',
      },
    ).trim();
    commit = dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    // not a git checkout
  }
  return {
    cores: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    memoryGiB: (totalmem() / 2 ** 30).toFixed(1),
    platform: `${platform()} ${release()}`,
    loadAverage: loadAverage(),
    commit,
  };
}

export function loadAverage(): string {
  return loadavg()
    .map(l => l.toFixed(2))
    .join(', ');
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}
