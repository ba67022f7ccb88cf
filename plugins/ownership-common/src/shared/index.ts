export type { ValidationIssue, ValidationResult } from './issues';
