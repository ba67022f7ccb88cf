/**
 * Seeded bad-input generators and an HTTP route fuzzer, shared by the
 * plugins' fuzz tests and the reliability suite's long runs.
 *
 * @packageDocumentation
 */
export * from './badValues';
export * from './fuzzHttp';
export * from './describeApiFuzzing';
export * from './settings';
export * from './permissions';
export * from './tables';
