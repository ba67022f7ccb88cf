/**
 * A PromQL string literal: Go's escapes, which PromQL uses.
 *
 * @public
 */
export function promqlString(value: string): string {
  const escaped = value
    .replaceAll('\\', '\\\\')
    .replaceAll('"', '\\"')
    .replaceAll('\n', '\\n');
  return `"${escaped}"`;
}

/** One label matcher: name, operator and value. @public */
export type PromqlMatcher = [
  name: string,
  op: '=' | '=~' | '!=',
  value: string,
];

/**
 * A label matcher list, `{a="x", b=~"y"}`.
 *
 * @public
 */
export function promqlMatchers(matchers: PromqlMatcher[]): string {
  return `{${matchers
    .map(([name, op, value]) => `${name}${op}${promqlString(value)}`)
    .join(', ')}}`;
}

/**
 * `sum(fn(metric{matchers}[range]))`, grouped `by` the given labels when
 * there are any. `range` is a PromQL duration or a placeholder that is
 * replaced later, such as `{{window}}`.
 *
 * @public
 */
export function promqlSumOver(options: {
  fn: 'increase' | 'rate';
  metric: string;
  matchers: PromqlMatcher[];
  range: string;
  by?: string[];
}): string {
  const { fn, metric, matchers, range, by } = options;
  const grouping = by && by.length > 0 ? ` by (${by.join(', ')})` : '';
  return `sum${grouping}(${fn}(${metric}${promqlMatchers(
    matchers,
  )}[${range}]))`;
}

/**
 * A range as a PromQL duration: whole seconds (`3600s`) when it is, which
 * keeps generated queries comparable in Prometheus's query log, and
 * milliseconds otherwise.
 *
 * @public
 */
export function promqlRange(ms: number): string {
  const rounded = Math.round(ms);
  return rounded % 1000 === 0 ? `${rounded / 1000}s` : `${rounded}ms`;
}
