/**
 * Catalog module that ingests OpenSLO v1 SLO, SLI and AlertPolicy documents
 * as catalog entities.
 *
 * @packageDocumentation
 */

export { catalogModuleSlo as default } from './module';
