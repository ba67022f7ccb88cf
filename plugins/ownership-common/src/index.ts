/**
 * Types and API client shared by the Ownership frontend and backend.
 *
 * @packageDocumentation
 */

export * from './api';
