/**
 * Catalog module that audits each Component's docs and writes the score and
 * findings onto the entity.
 *
 * @packageDocumentation
 */

export { catalogModuleOwnership as default } from './module';
export {
  DOCS_FINDINGS_ANNOTATION,
  DOCS_SCORE_ANNOTATION,
} from './DocsAuditProcessor';
