/**
 * Types and API client shared by the Ownership frontend and backend.
 *
 * @packageDocumentation
 */

export * from './api';
export * from './alerts';
export * from './docs';
export * from './oncall';
export * from './routing';
export * from './hygiene';
export * from './postmortems';
export * from './metrics';
export * from './permissions';
