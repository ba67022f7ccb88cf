export * from './schema';
export * from './times';
export * from './repeats';
