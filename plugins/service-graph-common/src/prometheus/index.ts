export * from './promql';
export * from './names';
export * from './bucketQuantile';
export * from './queries';
export * from './results';
export * from './PrometheusClient';
export * from './config';
