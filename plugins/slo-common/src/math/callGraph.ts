import { allowedBadRatio, roundDecimal } from './precision';

/** `0.99995` → `99.995%`: at most four decimals, no trailing zeros. */
function percent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(4))}%`;
}

/**
 * A suggested availability objective for one dependency. `suggested` is
 * undefined for a non-critical dependency, which the caller's objective puts
 * no bound on.
 *
 * @public
 */
export type DerivedAvailabilityObjective = {
  name: string;
  critical: boolean;
  callsPerRequest: number;
  suggested: number | undefined;
  oneMoreNine: number | undefined;
  equalShare: number | undefined;
  reasoning: string;
};

/**
 * What a caller's availability objective asks of its dependencies
 * ("The Calculus of Service Availability"). A request succeeds only if every
 * call to a critical dependency does, so the availabilities multiply and
 * their product must stay at or above the caller's objective. Two bounds
 * are shown per critical dependency:
 *
 * - one more nine, 1 - (1 - objective) / 10, the rule of thumb, which keeps
 *   the product above the objective for up to ten critical calls;
 * - the equal share, objective^(1/n) over the n critical calls per request,
 *   the loosest per-call value that still does so exactly.
 *
 * The suggestion is the stricter of the two, so it holds past ten calls too.
 * Failures are assumed independent; shared infrastructure makes it worse.
 *
 * @public
 */
export function derivedAvailabilityObjectives(options: {
  objective: number;
  dependencies: Array<{
    name: string;
    critical: boolean;
    callsPerRequest?: number;
  }>;
}): DerivedAvailabilityObjective[] {
  const { objective } = options;
  const criticalCalls = options.dependencies
    .filter(d => d.critical)
    .reduce((sum, d) => sum + (d.callsPerRequest ?? 1), 0);
  const oneMoreNine = roundDecimal(1 - allowedBadRatio(objective) / 10);
  const equalShare = objective ** (1 / criticalCalls);
  const suggested = Math.max(oneMoreNine, equalShare);

  return options.dependencies.map(d => {
    const callsPerRequest = d.callsPerRequest ?? 1;
    if (!d.critical) {
      return {
        name: d.name,
        critical: false,
        callsPerRequest,
        suggested: undefined,
        oneMoreNine: undefined,
        equalShare: undefined,
        reasoning:
          `Not critical: requests succeed without it, so the caller's ${percent(
            objective,
          )} puts no bound on it, ` +
          'provided its failures really are absorbed (check with fault injection).',
      };
    }
    // Measured averages such as 1.7878… read better at two decimals.
    const rounded = Number(callsPerRequest.toFixed(2));
    const calls = rounded === 1 ? '1 call' : `${rounded} calls`;
    return {
      name: d.name,
      critical: true,
      callsPerRequest,
      suggested,
      oneMoreNine,
      equalShare,
      reasoning:
        `Critical (${calls} per request): every request needs it, so its availability multiplies into the caller's ` +
        `and the product over all ${criticalCalls} critical calls must stay at or above ${percent(
          objective,
        )}. ` +
        `One more nine is ${percent(oneMoreNine)}; an equal share is ${percent(
          objective,
        )}^(1/${criticalCalls}) = ${percent(equalShare)}. ` +
        `Suggested: ${percent(suggested)} per call, the stricter.`,
    };
  });
}

/**
 * What a caller's latency objective asks of each of `fanOut` parallel calls
 * ("The Tail at Scale"). A request waits for the slowest call, so it is
 * within the threshold only when every call is: with independent calls each
 * needs quantile q^(1/n) at the caller's threshold. Two calls under a p99
 * target need about p99.5 each. Serial calls add up their latencies instead
 * and need a latency budget split, which this does not compute.
 *
 * @public
 */
export function derivedLatencyObjectives(options: {
  quantile: number;
  thresholdMs: number;
  fanOut: number;
}): { perCallQuantile: number; thresholdMs: number; reasoning: string } {
  const { quantile, thresholdMs, fanOut } = options;
  const perCallQuantile = quantile ** (1 / fanOut);
  return {
    perCallQuantile,
    thresholdMs,
    reasoning:
      `A request waits for all ${fanOut} parallel calls, so it finishes within ${thresholdMs} ms only when every call does: ` +
      `q^${fanOut} ≥ ${quantile} gives q = ${quantile}^(1/${fanOut}) = ${Number(
        perCallQuantile.toFixed(6),
      )}, ` +
      `i.e. each call's p${Number(
        (perCallQuantile * 100).toFixed(4),
      )} must be within ${thresholdMs} ms.`,
  };
}

/** @public */
export type DependencyContribution = {
  server: string;
  calls: number;
  errors: number;
  slow: number;
  errorShare: number;
  slowShare: number;
};

/**
 * Which dependencies a caller's errors and slow requests come from. Each
 * edge's failed (or slow) calls are attributed to the caller's failed (or
 * slow) requests, an upper bound, since retries and fallbacks absorb some.
 * When the edges together account for more than the caller saw, their
 * shares are scaled down to sum to 1; otherwise the rest is `unexplained`
 * (the caller's own faults). Edges to the same server are merged. With no
 * errors (or slow requests) at the caller every share is 0.
 *
 * @public
 */
export function rankDependencyContribution(options: {
  caller: { errors: number; slow: number; total: number };
  edges: Array<{ server: string; errors: number; slow: number; calls: number }>;
}): {
  ranked: DependencyContribution[];
  unexplained: { errorShare: number; slowShare: number };
} {
  const merged = new Map<
    string,
    { calls: number; errors: number; slow: number }
  >();
  for (const edge of options.edges) {
    const entry = merged.get(edge.server) ?? { calls: 0, errors: 0, slow: 0 };
    entry.calls += edge.calls;
    entry.errors += edge.errors;
    entry.slow += edge.slow;
    merged.set(edge.server, entry);
  }
  const edges = [...merged].map(([server, counts]) => ({ server, ...counts }));
  const share = (key: 'errors' | 'slow') => {
    const caller = options.caller[key];
    const attributed = edges.reduce((sum, e) => sum + e[key], 0);
    const denominator = Math.max(caller, attributed);
    // A caller without errors absorbed whatever its dependencies returned.
    return (count: number) => (caller > 0 ? count / denominator : 0);
  };
  const errorShare = share('errors');
  const slowShare = share('slow');

  const ranked = edges
    .map(e => ({
      ...e,
      errorShare: errorShare(e.errors),
      slowShare: slowShare(e.slow),
    }))
    .sort(
      (a, b) =>
        b.errorShare - a.errorShare ||
        b.slowShare - a.slowShare ||
        (a.server < b.server ? -1 : 1),
    );
  const remainder = (key: 'errorShare' | 'slowShare', callerCount: number) =>
    callerCount > 0
      ? Math.max(0, 1 - ranked.reduce((sum, e) => sum + e[key], 0))
      : 0;
  return {
    ranked,
    unexplained: {
      errorShare: remainder('errorShare', options.caller.errors),
      slowShare: remainder('slowShare', options.caller.slow),
    },
  };
}
