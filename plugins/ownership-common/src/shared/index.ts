export type { ValidationIssue, ValidationResult } from './issues';
export { parseWithIssues } from './issues';
