export { decodeOtlpJson } from './decodeJson';
export { decodeOtlpProtobuf } from './decodeProtobuf';
export { decodeSpanBytes } from './decodeSpanBytes';
export { exportTraceServiceResponse } from './response';
export type { ExportTraceServiceResult } from './response';
export type { DecodeOptions, DecodeResult } from './types';
