export { serviceGraphPlugin as default } from './plugin';
export { serviceGraphApiRef } from './apis';
export { GraphCanvas } from './graph/GraphCanvas';
export type { GraphCanvasProps } from './graph/GraphCanvas';
export { buildGraph } from './graph/model';
export type { Graph, GraphEdge, GraphNode, EdgeStatus } from './graph/model';
export { serviceGraphLegacyPlugin, EntityDependenciesContent } from './legacy';
