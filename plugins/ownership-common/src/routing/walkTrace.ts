import { Trace, TraceSpan } from '@steward/plugin-service-graph-common';

/**
 * What an alert is about: a service, and optionally one of its operations
 * (a span name, an `http.route` or an `rpc.method`).
 *
 * @public
 */
export type AlertSignal = { service: string; operation?: string };

/** @public */
export type TraceWalk = {
  /** From the start span down to the culprit. */
  path: TraceSpan[];
  /** The span whose service gets the alert. */
  culprit: TraceSpan;
  /** One sentence per step, for the notification and the trace view. */
  explanation: string[];
};

const OPERATION_ATTRIBUTES = ['http.route', 'rpc.method'];

/**
 * Spans that name no service of ours: Steward's virtual peers (databases,
 * queues, unpaired calls) carry an empty service, and OpenTelemetry names a
 * process that did not set `service.name` `unknown_service[:<process>]`.
 * Neither has an owner to page.
 */
function hasService(span: TraceSpan): boolean {
  return span.service !== '' && !span.service.startsWith('unknown_service');
}

function label(span: TraceSpan): string {
  return `${span.service || '(no service)'}/${span.name}`;
}

function byStart(a: TraceSpan, b: TraceSpan): number {
  return a.startUnixMs - b.startUnixMs;
}

/** Children by parent id, each list in start order, built once. */
function indexTrace(trace: Trace) {
  const byId = new Map<string, TraceSpan>();
  for (const span of trace.spans) {
    byId.set(span.spanId, span);
  }
  const children = new Map<string, TraceSpan[]>();
  const roots: TraceSpan[] = [];
  for (const span of trace.spans) {
    const parent =
      span.parentSpanId !== undefined && span.parentSpanId !== span.spanId
        ? byId.get(span.parentSpanId)
        : undefined;
    if (parent) {
      const list = children.get(parent.spanId) ?? [];
      list.push(span);
      children.set(parent.spanId, list);
    } else {
      // No parent, or a parent this trace does not hold (not exported,
      // dropped): treat it as a root rather than lose its subtree.
      roots.push(span);
    }
  }
  for (const list of children.values()) {
    list.sort(byStart);
  }
  roots.sort(byStart);
  return { byId, children, roots };
}

type TraceIndex = ReturnType<typeof indexTrace>;

/** Depth of every span below the roots, by one breadth-first pass. */
function depths(index: TraceIndex): Map<string, number> {
  const depth = new Map<string, number>();
  const queue = [...index.roots];
  index.roots.forEach(root => depth.set(root.spanId, 0));
  for (let i = 0; i < queue.length; i++) {
    const span = queue[i];
    for (const child of index.children.get(span.spanId) ?? []) {
      if (!depth.has(child.spanId)) {
        depth.set(child.spanId, depth.get(span.spanId)! + 1);
        queue.push(child);
      }
    }
  }
  return depth;
}

function matchesOperation(span: TraceSpan, operation: string): boolean {
  return (
    span.name === operation ||
    OPERATION_ATTRIBUTES.some(key => span.attributes[key] === operation)
  );
}

function startSpan(
  index: TraceIndex,
  trace: Trace,
  startSpanId: string | undefined,
  signal: AlertSignal | undefined,
): { span: TraceSpan; why: string } {
  const given = startSpanId ? index.byId.get(startSpanId) : undefined;
  if (given) {
    return { span: given, why: `Started at the given span ${label(given)}` };
  }
  if (signal) {
    const ofService = trace.spans.filter(s => s.service === signal.service);
    const operation = signal.operation;
    const matching =
      operation === undefined
        ? undefined
        : ofService.filter(s => matchesOperation(s, operation)).sort(byStart);
    if (matching && matching.length > 0) {
      return {
        span: matching[0],
        why: `Started at ${label(
          matching[0],
        )}, where the alert's operation ${operation} runs`,
      };
    }
    if (ofService.length > 0) {
      const depth = depths(index);
      const top = [...ofService].sort(
        (a, b) =>
          (depth.get(a.spanId) ?? 0) - (depth.get(b.spanId) ?? 0) ||
          byStart(a, b),
      )[0];
      return {
        span: top,
        why: `Started at ${label(top)}, the highest span of ${
          signal.service
        } in the trace`,
      };
    }
  }
  // Parent links that form a loop leave no root; any start beats none.
  const root = index.roots[0] ?? [...trace.spans].sort(byStart)[0];
  return { span: root, why: `Started at the trace's root ${label(root)}` };
}

/**
 * How far an error chain goes down from each erroring span (1 for an
 * erroring span with no erroring children), computed once bottom-up in
 * reverse breadth-first order, so a deep trace cannot overflow the stack.
 */
function errorChainDepths(index: TraceIndex, from: TraceSpan) {
  const order: TraceSpan[] = [from];
  const seen = new Set([from.spanId]);
  for (let i = 0; i < order.length; i++) {
    for (const child of index.children.get(order[i].spanId) ?? []) {
      if (child.error && !seen.has(child.spanId)) {
        seen.add(child.spanId);
        order.push(child);
      }
    }
  }
  const chain = new Map<string, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const span = order[i];
    let deepest = 0;
    for (const child of index.children.get(span.spanId) ?? []) {
      deepest = Math.max(deepest, chain.get(child.spanId) ?? 0);
    }
    chain.set(span.spanId, (span.error ? 1 : 0) + deepest);
  }
  return chain;
}

function ofChildren(n: number): string {
  return n === 1 ? 'of its only child' : `of its ${n} children`;
}

/**
 * Finds the service an alert should go to by walking an erroring trace.
 * From the span that defines the signal (the given span, else the first
 * span of the signal's service running its operation, else that service's
 * highest span, else the trace root), inspect every child and follow the
 * one with status ERROR, until a span has no erroring children: that span
 * is the culprit.
 *
 * When several children err, follow the one whose chain of erroring spans
 * goes deepest, and among equals the one that started first. The deepest
 * chain is the most specific explanation (a caller that failed because its
 * callee failed sits above it); start order breaks ties because the first
 * failure usually causes the retries and fallbacks that fail after it.
 *
 * A culprit without a service (a database or queue Steward only saw from
 * the caller's side) hands the alert to the nearest span above it that has
 * one: the caller owns the call.
 *
 * Spans are indexed by parent once, and each erroring subtree is measured
 * once, so the walk is linear in the trace's size.
 *
 * @public
 */
export function walkTrace(options: {
  trace: Trace;
  startSpanId?: string;
  signal?: AlertSignal;
}): TraceWalk | undefined {
  const { trace } = options;
  if (trace.spans.length === 0) {
    return undefined;
  }
  const index = indexTrace(trace);
  const start = startSpan(index, trace, options.startSpanId, options.signal);
  const chain = errorChainDepths(index, start.span);

  const path = [start.span];
  const explanation = [`${start.why}.`];
  const visited = new Set([start.span.spanId]);
  for (;;) {
    const span = path[path.length - 1];
    const children = index.children.get(span.spanId) ?? [];
    const erring = children.filter(c => c.error && !visited.has(c.spanId));
    const state = span.error ? 'erred' : 'did not err';
    if (erring.length === 0) {
      explanation.push(
        children.length === 0
          ? `${label(span)} ${state} and has no children.`
          : `${label(span)} ${state}; ${
              children.length === 1
                ? 'its only child did not'
                : `none of its ${children.length} children did`
            }.`,
      );
      break;
    }
    // Children are in start order, so the first of the deepest is the earliest.
    const depthOf = (c: TraceSpan) => chain.get(c.spanId) ?? 0;
    const next = erring.reduce((best, c) =>
      depthOf(c) > depthOf(best) ? c : best,
    );
    const tied = erring.filter(c => depthOf(c) === depthOf(next)).length;
    let why = 'whose errors go deepest';
    if (tied === erring.length) {
      why = 'the first to start';
    } else if (tied > 1) {
      why = 'whose errors go deepest and which started first';
    }
    const of = ofChildren(children.length);
    explanation.push(
      erring.length === 1
        ? `${label(span)} ${state}; ${of}, ${label(next)} erred.`
        : `${label(span)} ${state}; ${of}, ${erring.length} erred (${erring
            .map(label)
            .join(', ')}): following ${label(next)}, ${why}.`,
    );
    visited.add(next.spanId);
    path.push(next);
  }

  let culprit = path[path.length - 1];
  for (let i = path.length - 1; i > 0 && !hasService(path[i]); i--) {
    culprit = path[i - 1];
  }
  if (culprit !== path[path.length - 1]) {
    explanation.push(
      `${label(
        path[path.length - 1],
      )} has no service of its own, so the alert goes to its caller ${
        culprit.service
      }.`,
    );
  } else {
    explanation.push(`The alert goes to ${culprit.service || '(no service)'}.`);
  }
  return { path, culprit, explanation };
}
