export * from './plan';
export * from './evaluateSlo';
