/**
 * Types, pure logic and API client shared by the service-graph frontend and
 * backend.
 *
 * @packageDocumentation
 */

export * from './api';
export * from './spans';
export * from './fingerprint';
export * from './traces';
export * from './otlp';
export * from './pairing';
export * from './histogram';
export * from './catalog';
export * from './prometheus';
