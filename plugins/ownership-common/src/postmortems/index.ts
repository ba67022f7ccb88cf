export * from './schema';
export * from './times';
export * from './repeats';
export * from './draft';
export * from './budget';
export * from './apiTypes';
