/** The mean of some numbers, undefined for none. */
export function mean(values: number[]): number | undefined {
  if (values.length === 0) {
    return undefined;
  }
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** part / whole, undefined when there is no whole to share. */
export function share(part: number, whole: number): number | undefined {
  return whole === 0 ? undefined : part / whole;
}
