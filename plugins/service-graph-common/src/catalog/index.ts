export * from './types';
export * from './mapping';
export * from './drift';
