/**
 * Types and API client shared by the SLO frontend and backend.
 *
 * @packageDocumentation
 */

export * from './alerts';
export * from './api';
export * from './openslo';
export * from './validation';
export * from './math';
export * from './evaluation';
export * from './generators';
export * from './permissions';
export * from './charts';
