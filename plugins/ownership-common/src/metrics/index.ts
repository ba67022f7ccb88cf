export * from './orgMetrics';
