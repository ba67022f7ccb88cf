export * from './types';
export * from './names';
export * from './SpanPairer';
export * from './RecentSpanIds';
