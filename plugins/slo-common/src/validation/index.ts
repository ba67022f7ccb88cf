export type { ValidationIssue, ValidationResult } from './issues';
export {
  addIssue,
  formatPath,
  parseWithIssues,
  toValidationIssues,
  validationErrorMap,
} from './issues';
