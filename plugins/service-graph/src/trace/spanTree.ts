import type { Trace, TraceSpan } from '@steward/plugin-service-graph-common';

export type SpanRow = { span: TraceSpan; depth: number };

/**
 * The spans of a trace in tree order (depth first, children by start time).
 * Spans whose parent is missing from the trace are shown as roots, so that
 * nothing received is hidden. Cycles from corrupt parent ids are cut.
 */
export function spanTree(trace: Trace): SpanRow[] {
  const ids = new Set(trace.spans.map(s => s.spanId));
  const children = new Map<string, TraceSpan[]>();
  const roots: TraceSpan[] = [];
  for (const s of trace.spans) {
    if (
      s.parentSpanId &&
      ids.has(s.parentSpanId) &&
      s.parentSpanId !== s.spanId
    ) {
      const list = children.get(s.parentSpanId) ?? [];
      list.push(s);
      children.set(s.parentSpanId, list);
    } else {
      roots.push(s);
    }
  }
  const byStart = (a: TraceSpan, b: TraceSpan) => a.startUnixMs - b.startUnixMs;
  const rows: SpanRow[] = [];
  const seen = new Set<string>();
  const stack: SpanRow[] = roots
    .sort(byStart)
    .reverse()
    .map(span => ({ span, depth: 0 }));
  while (stack.length > 0) {
    const row = stack.pop()!;
    if (seen.has(row.span.spanId)) continue;
    seen.add(row.span.spanId);
    rows.push(row);
    const kids = (children.get(row.span.spanId) ?? []).slice().sort(byStart);
    for (let i = kids.length - 1; i >= 0; i--) {
      stack.push({ span: kids[i], depth: row.depth + 1 });
    }
  }
  // Spans only reachable through a cycle have no root; list them last.
  for (const s of trace.spans) {
    if (!seen.has(s.spanId)) rows.push({ span: s, depth: 0 });
  }
  return rows;
}
