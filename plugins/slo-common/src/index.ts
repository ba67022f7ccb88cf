/**
 * Types and API client shared by the SLO frontend and backend.
 *
 * @packageDocumentation
 */

export * from './api';
