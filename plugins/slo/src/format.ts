/** A ratio as a percentage with enough digits to tell nines apart. */
export function formatPercent(value: number | undefined, digits = 3): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  const fixed = (value * 100).toFixed(digits);
  // Trailing zeros of the decimals only: 50% must not become 5%.
  return `${digits > 0 ? fixed.replace(/\.?0+$/, '') : fixed}%`;
}

export function formatNumber(value: number | undefined, digits = 2): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

const UNITS: Array<[number, string]> = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'm'],
];

/** Window lengths as the SRE Workbook writes them: 5m, 1h, 3d. */
export function formatDuration(ms: number): string {
  for (const [size, unit] of UNITS) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}

export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16);
}
