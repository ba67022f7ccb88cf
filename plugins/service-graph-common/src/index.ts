/**
 * Types and API client shared by the Service graph frontend and backend.
 *
 * @packageDocumentation
 */

export * from './api';
