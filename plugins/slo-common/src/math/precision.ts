/**
 * Objectives are written as decimals (0.9999, 99.95%), but `1 - 0.9999` in
 * binary floating point is 9.99999999999989e-5. Rounding such results back to
 * 12 significant digits restores the decimal the author meant, so boundaries
 * like "exactly one allowed bad event" land where a reader expects them. 12
 * digits is far more precision than any objective has and far less than a
 * double carries.
 */
export function roundDecimal(value: number): number {
  return Number(value.toPrecision(12));
}

/** The fraction of events an objective allows to be bad: 1 - objective. */
export function allowedBadRatio(objective: number): number {
  return roundDecimal(1 - objective);
}
