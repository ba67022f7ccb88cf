export { decodeOtlpJson } from './decodeJson';
export { decodeOtlpProtobuf } from './decodeProtobuf';
export { exportTraceServiceResponse } from './response';
export type { ExportTraceServiceResult } from './response';
export type { DecodeOptions, DecodeResult } from './types';
