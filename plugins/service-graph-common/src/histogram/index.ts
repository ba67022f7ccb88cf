export * from './latencyHistogram';
