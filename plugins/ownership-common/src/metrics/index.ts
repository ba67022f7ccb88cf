export * from './orgMetrics';
export * from './apiTypes';
