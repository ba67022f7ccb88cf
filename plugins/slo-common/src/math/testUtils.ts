/**
 * Asserts a computed value to `digits` decimals, or that it is undefined:
 * the math returns undefined wherever a window had no events.
 */
export function expectClose(
  actual: number | undefined,
  expected: number | undefined,
  digits: number = 9,
): void {
  if (expected === undefined) {
    expect(actual).toBeUndefined();
  } else {
    expect(actual).toBeCloseTo(expected, digits);
  }
}
