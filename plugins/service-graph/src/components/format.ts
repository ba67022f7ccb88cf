export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(ms < 100 ? 1 : 0).replace(/\.0$/, '')} ms`;
}

export function formatRate(errors: number, calls: number): string {
  if (calls <= 0) return '–';
  return `${((errors / calls) * 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}
