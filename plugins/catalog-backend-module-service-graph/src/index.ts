/**
 * Catalog module that turns the dependencies Steward's service graph
 * observes into `dependsOn` and `dependencyOf` relations.
 *
 * @packageDocumentation
 */

export { catalogModuleServiceGraph as default } from './module';
