export * from './chartStyle';
