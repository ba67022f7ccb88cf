/**
 * Test helpers of the SLO backend, for the tests of other packages that need
 * it running (such as the `steward gate` test of the CLI).
 *
 * @packageDocumentation
 */
export { startSloBackend } from './startSloBackend';
