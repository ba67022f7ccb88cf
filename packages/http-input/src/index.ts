/**
 * Checks shared by Steward's backends on request input, where the same rule
 * would otherwise be written once per plugin.
 *
 * @packageDocumentation
 */
export { nulCharacterPath } from './nulCharacterPath';
export { queryNumber } from './queryNumber';
