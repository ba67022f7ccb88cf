export * from './alertHygiene';
export * from './apiTypes';
