export * from './types';
export * from './names';
export * from './SpanPairer';
