import { useTheme } from '@mui/material/styles';
import { KeyboardEvent, useCallback, useEffect, useRef } from 'react';
import { GraphLayout } from './layout';
import type { EdgeStatus, Graph, GraphEdge, GraphNode } from './model';

type View = { x: number; y: number; k: number };

/** Nodes whose incoming calls fail more often than this are drawn in red. */
const ERROR_NODE_RATE = 0.05;
const NODE_RADIUS = 6;
/** Labels and arrowheads only where they stay readable and cheap. */
const LABEL_MAX_VISIBLE = 200;
const ARROWS_MAX_EDGES = 600;
/** Layout slices stay under the 50 ms that browsers count as a long task. */
const LAYOUT_SLICE_MS = 30;
/** How often a layout still running is drawn, to show progress. */
const LAYOUT_DRAW_EVERY_MS = 250;
/** Redraw in full once panning or zooming has paused this long. */
const SETTLE_MS = 120;

export type GraphCanvasProps = {
  graph: Graph;
  focus: string;
  selectedEdgeId?: string;
  onSelectEdge?: (edge: GraphEdge) => void;
  onSelectNode?: (node: GraphNode) => void;
  height?: number;
  /** Called once the layout has settled and been drawn. */
  onReady?: () => void;
};

function distanceToSegment(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t =
    len2 === 0
      ? 0
      : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * The dependency graph on a canvas: edges and nodes are batched into one
 * path per style, so that a thousand nodes and four thousand edges redraw
 * within a frame while panning. The force layout runs in slices of a frame.
 */
export function GraphCanvas(props: GraphCanvasProps) {
  const { graph, focus, selectedEdgeId, onSelectEdge, onSelectNode, onReady } =
    props;
  const height = props.height ?? 480;
  const theme = useTheme();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const layoutRef = useRef<GraphLayout>();
  const viewRef = useRef<View>({ x: 0, y: 0, k: 1 });
  const userMovedRef = useRef(false);
  const frameRef = useRef<number>();
  const dragRef = useRef<{ x: number; y: number; moved: boolean }>();
  const drawRef = useRef<() => void>(() => {});
  /** The last full drawing and the view it was drawn at. */
  const snapshotRef = useRef<{ image: HTMLCanvasElement; view: View }>();
  const settleRef = useRef<ReturnType<typeof setTimeout>>();

  const palette = theme.palette;
  const edgeColors: Record<EdgeStatus, string> = {
    observed: palette.text.disabled,
    confirmed: palette.success.main,
    undeclared: palette.warning.main,
    missing: palette.error.main,
  };

  drawRef.current = () => {
    const canvas = canvasRef.current;
    const layout = layoutRef.current;
    if (!canvas || !layout) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    if (canvas.width !== Math.round(width * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
    }
    const { x, y, k } = viewRef.current;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * x, dpr * y);
    const nodes = layout.nodes;
    const ends = layout.edgeEnds;

    ctx.lineWidth = 1 / Math.max(k, 0.25);
    for (const status of [
      'observed',
      'confirmed',
      'undeclared',
      'missing',
    ] as const) {
      ctx.beginPath();
      graph.edges.forEach((e, i) => {
        if (e.status !== status) return;
        const a = nodes[ends[2 * i]];
        const b = nodes[ends[2 * i + 1]];
        ctx.moveTo(a.x, a.y);
        ctx.lineTo(b.x, b.y);
      });
      ctx.strokeStyle = edgeColors[status];
      ctx.setLineDash(status === 'missing' ? [6, 4] : []);
      ctx.stroke();
    }
    ctx.setLineDash([]);

    if (graph.edges.length <= ARROWS_MAX_EDGES) {
      graph.edges.forEach((e, i) => {
        const a = nodes[ends[2 * i]];
        const b = nodes[ends[2 * i + 1]];
        const angle = Math.atan2(b.y - a.y, b.x - a.x);
        const tipX = b.x - Math.cos(angle) * (NODE_RADIUS + 1);
        const tipY = b.y - Math.sin(angle) * (NODE_RADIUS + 1);
        ctx.beginPath();
        ctx.moveTo(tipX, tipY);
        ctx.lineTo(
          tipX - 7 * Math.cos(angle - 0.4),
          tipY - 7 * Math.sin(angle - 0.4),
        );
        ctx.lineTo(
          tipX - 7 * Math.cos(angle + 0.4),
          tipY - 7 * Math.sin(angle + 0.4),
        );
        ctx.closePath();
        ctx.fillStyle = edgeColors[e.status];
        ctx.fill();
      });
    }

    const selected = graph.edges.findIndex(e => e.id === selectedEdgeId);
    if (selected >= 0) {
      const a = nodes[ends[2 * selected]];
      const b = nodes[ends[2 * selected + 1]];
      ctx.beginPath();
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
      ctx.lineWidth = 4 / Math.max(k, 0.25);
      ctx.strokeStyle = palette.primary.main;
      ctx.stroke();
    }

    const fills: Array<[string, (n: GraphNode) => boolean]> = [
      [palette.grey[500], n => !n.focus && n.errorRate <= ERROR_NODE_RATE],
      [palette.error.main, n => !n.focus && n.errorRate > ERROR_NODE_RATE],
      [palette.primary.main, n => n.focus],
    ];
    for (const [fill, test] of fills) {
      ctx.beginPath();
      graph.nodes.forEach((n, i) => {
        if (!test(n)) return;
        const p = nodes[i];
        ctx.moveTo(p.x + NODE_RADIUS, p.y);
        ctx.arc(p.x, p.y, NODE_RADIUS, 0, 2 * Math.PI);
      });
      ctx.fillStyle = fill;
      ctx.fill();
    }

    // Labels of the nodes in view, when few enough to read.
    const left = -x / k;
    const top = -y / k;
    const right = left + width / k;
    const bottom = top + height / k;
    const visible: number[] = [];
    for (
      let i = 0;
      i < nodes.length && visible.length <= LABEL_MAX_VISIBLE;
      i++
    ) {
      const p = nodes[i];
      if (p.x >= left && p.x <= right && p.y >= top && p.y <= bottom)
        visible.push(i);
    }
    if (visible.length <= LABEL_MAX_VISIBLE) {
      ctx.font = `${12 / Math.max(k, 0.5)}px ${theme.typography.fontFamily}`;
      ctx.fillStyle = palette.text.primary;
      for (const i of visible) {
        const p = nodes[i];
        ctx.fillText(
          graph.nodes[i].id,
          p.x + NODE_RADIUS + 2,
          p.y - NODE_RADIUS,
        );
      }
    }

    const image =
      snapshotRef.current?.image ?? document.createElement('canvas');
    image.width = canvas.width;
    image.height = canvas.height;
    image.getContext('2d')?.drawImage(canvas, 0, 0);
    snapshotRef.current = { image, view: { x, y, k } };
  };

  /**
   * While the user pans or zooms, the last full drawing is moved and scaled
   * (one image copy per frame); the graph is redrawn in full once they stop.
   */
  const quickDraw = () => {
    const canvas = canvasRef.current;
    const snapshot = snapshotRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !snapshot) {
      drawRef.current();
      return;
    }
    const dpr = window.devicePixelRatio || 1;
    const { x, y, k } = viewRef.current;
    const s = k / snapshot.view.k;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(
      snapshot.image,
      dpr * (x - snapshot.view.x * s),
      dpr * (y - snapshot.view.y * s),
      snapshot.image.width * s,
      snapshot.image.height * s,
    );
  };

  const scheduleDraw = useCallback(() => {
    if (frameRef.current !== undefined) return;
    frameRef.current = requestAnimationFrame(() => {
      frameRef.current = undefined;
      drawRef.current();
    });
  }, []);

  const scheduleQuickDraw = () => {
    if (frameRef.current === undefined) {
      frameRef.current = requestAnimationFrame(() => {
        frameRef.current = undefined;
        quickDraw();
      });
    }
    clearTimeout(settleRef.current);
    settleRef.current = setTimeout(scheduleDraw, SETTLE_MS);
  };

  const fit = useCallback(() => {
    const canvas = canvasRef.current;
    const layout = layoutRef.current;
    if (!canvas || !layout) return;
    const b = layout.bounds();
    const width = canvas.clientWidth || 800;
    const k = Math.min(
      4,
      0.9 *
        Math.min(
          width / (b.maxX - b.minX + 40),
          height / (b.maxY - b.minY + 40),
        ),
    );
    viewRef.current = {
      k,
      x: width / 2 - ((b.minX + b.maxX) / 2) * k,
      y: height / 2 - ((b.minY + b.maxY) / 2) * k,
    };
  }, [height]);

  useEffect(() => {
    const layout = GraphLayout.create(graph, { focus });
    layoutRef.current = layout;
    userMovedRef.current = false;
    let cancelled = false;
    let frame: number | undefined;
    let drawnAt = -Infinity;
    const run = () => {
      if (cancelled) return;
      // A slice of layout per frame: the page keeps responding meanwhile.
      const done = layout.step(LAYOUT_SLICE_MS);
      const now = performance.now();
      if (done || now - drawnAt >= LAYOUT_DRAW_EVERY_MS) {
        if (!userMovedRef.current) fit();
        drawRef.current();
        drawnAt = now;
      }
      if (done) {
        canvasRef.current?.setAttribute('data-layout', 'done');
        onReady?.();
      } else {
        frame = requestAnimationFrame(run);
      }
    };
    canvasRef.current?.setAttribute('data-layout', 'running');
    run();
    return () => {
      cancelled = true;
      if (frame !== undefined) cancelAnimationFrame(frame);
      clearTimeout(settleRef.current);
    };
    // onReady is a notification; a new callback must not restart the layout.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [graph, focus, fit]);

  useEffect(scheduleDraw, [selectedEdgeId, theme, scheduleDraw]);

  const toGraph = (clientX: number, clientY: number) => {
    const rect = canvasRef.current!.getBoundingClientRect();
    const { x, y, k } = viewRef.current;
    return {
      gx: (clientX - rect.left - x) / k,
      gy: (clientY - rect.top - y) / k,
    };
  };

  const pick = (clientX: number, clientY: number) => {
    const layout = layoutRef.current;
    if (!layout) return;
    const { gx, gy } = toGraph(clientX, clientY);
    const k = viewRef.current.k;
    let bestNode = -1;
    let bestNodeDist = (NODE_RADIUS + 4) / Math.min(k, 1);
    layout.nodes.forEach((p, i) => {
      const d = Math.hypot(p.x - gx, p.y - gy);
      if (d < bestNodeDist) {
        bestNode = i;
        bestNodeDist = d;
      }
    });
    if (bestNode >= 0) {
      onSelectNode?.(graph.nodes[bestNode]);
      return;
    }
    let bestEdge = -1;
    let bestEdgeDist = 6 / k;
    const ends = layout.edgeEnds;
    graph.edges.forEach((_e, i) => {
      const a = layout.nodes[ends[2 * i]];
      const b = layout.nodes[ends[2 * i + 1]];
      const d = distanceToSegment(gx, gy, a.x, a.y, b.x, b.y);
      if (d < bestEdgeDist) {
        bestEdge = i;
        bestEdgeDist = d;
      }
    });
    if (bestEdge >= 0) onSelectEdge?.(graph.edges[bestEdge]);
  };

  const panBy = (dx: number, dy: number) => {
    userMovedRef.current = true;
    viewRef.current = {
      ...viewRef.current,
      x: viewRef.current.x + dx,
      y: viewRef.current.y + dy,
    };
    scheduleQuickDraw();
  };

  const zoomAt = (factor: number, sx: number, sy: number) => {
    userMovedRef.current = true;
    const { x, y, k } = viewRef.current;
    const nk = Math.max(0.05, Math.min(8, k * factor));
    viewRef.current = {
      k: nk,
      x: sx - ((sx - x) / k) * nk,
      y: sy - ((sy - y) / k) * nk,
    };
    scheduleQuickDraw();
  };

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return undefined;
    // A passive listener could not stop the page from scrolling.
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const rect = canvas.getBoundingClientRect();
      zoomAt(
        Math.exp(-e.deltaY / 500),
        e.clientX - rect.left,
        e.clientY - rect.top,
      );
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const canvas = canvasRef.current!;
    const step = 40;
    const actions: Record<string, () => void> = {
      ArrowLeft: () => panBy(step, 0),
      ArrowRight: () => panBy(-step, 0),
      ArrowUp: () => panBy(0, step),
      ArrowDown: () => panBy(0, -step),
      '+': () => zoomAt(1.25, canvas.clientWidth / 2, height / 2),
      '=': () => zoomAt(1.25, canvas.clientWidth / 2, height / 2),
      '-': () => zoomAt(0.8, canvas.clientWidth / 2, height / 2),
      '0': () => {
        userMovedRef.current = false;
        fit();
        scheduleDraw();
      },
    };
    const action = actions[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  return (
    // The wrapper is the keyboard target: WAI-ARIA's `application` role is
    // meant for widgets with their own keys, which jsx-a11y counts as
    // non-interactive. The canvas inside is only pixels.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
    <div
      role="application"
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
      aria-roledescription="dependency graph"
      aria-label={`Dependency graph of ${focus}: ${graph.nodes.length} services, ${graph.edges.length} edges. Arrow keys pan, plus and minus zoom, 0 fits the view. The table below lists the same edges.`}
      onKeyDown={onKeyDown}
      style={{ outlineOffset: 2 }}
    >
      <canvas
        ref={canvasRef}
        aria-hidden
        style={{
          width: '100%',
          height,
          display: 'block',
          cursor: 'grab',
          touchAction: 'none',
          background: palette.background.default,
          borderRadius: 4,
        }}
        onPointerDown={e => {
          e.currentTarget.setPointerCapture(e.pointerId);
          dragRef.current = { x: e.clientX, y: e.clientY, moved: false };
        }}
        onPointerMove={e => {
          const drag = dragRef.current;
          if (!drag) return;
          const dx = e.clientX - drag.x;
          const dy = e.clientY - drag.y;
          if (!drag.moved && Math.hypot(dx, dy) < 3) return;
          drag.moved = true;
          drag.x = e.clientX;
          drag.y = e.clientY;
          panBy(dx, dy);
        }}
        onPointerUp={e => {
          const drag = dragRef.current;
          dragRef.current = undefined;
          if (drag && !drag.moved) pick(e.clientX, e.clientY);
        }}
      />
    </div>
  );
}
