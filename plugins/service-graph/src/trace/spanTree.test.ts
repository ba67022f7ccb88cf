import type { TraceSpan } from '@steward/plugin-service-graph-common';
import { spanTree } from './spanTree';

function span(
  spanId: string,
  parentSpanId: string | undefined,
  start: number,
): TraceSpan {
  return {
    traceId: 't',
    spanId,
    parentSpanId,
    service: 's',
    name: spanId,
    kind: 2,
    startUnixMs: start,
    durationMs: 1,
    error: false,
    attributes: {},
    events: [],
    links: [],
  } as TraceSpan;
}

describe('spanTree', () => {
  it.each([
    [
      'depth first, children by start',
      [
        span('c2', 'root', 5),
        span('root', undefined, 0),
        span('c1', 'root', 1),
        span('g', 'c1', 2),
      ],
      ['root:0', 'c1:1', 'g:2', 'c2:1'],
    ],
    [
      'missing parent becomes a root',
      [span('a', undefined, 0), span('orphan', 'gone', 1)],
      ['a:0', 'orphan:0'],
    ],
    [
      'a cycle is cut, nothing is lost',
      [span('x', 'y', 0), span('y', 'x', 1)],
      ['x:0', 'y:0'],
    ],
    ['self parent', [span('s', 's', 0)], ['s:0']],
  ])('%s', (_name, spans, expected) => {
    expect(
      spanTree({ traceId: 't', spans }).map(r => `${r.span.spanId}:${r.depth}`),
    ).toEqual(expected);
  });
});
