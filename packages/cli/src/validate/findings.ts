import { compareText } from './collectFiles';

/**
 * One problem in one file: where (`file:line:column` and the field path),
 * which rule it breaks, what is wrong and how to fix it.
 */
export type Finding = {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  /** The field, from the document's root: `spec.objectives[0].target`. */
  path: string;
  rule: string;
  message: string;
  fix: string;
};

/** What a validation run found, in file and position order. */
export type ValidationReport = {
  files: number;
  entities: number;
  errors: number;
  warnings: number;
  findings: Finding[];
};

/**
 * A fix hint for a validator's message, which by convention reads as a
 * sentence after the path ("must be a number greater than 0 and less than
 * 1"): the same rule, phrased as the edit to make.
 */
export function fixHint(path: string, message: string): string {
  const field = path || 'the document';
  if (message === 'is required') {
    return `add ${field}`;
  }
  if (message === 'is not a known field') {
    return `remove ${field}, or correct its spelling`;
  }
  const mustBe = /^must be (.+)$/s.exec(message);
  if (mustBe) {
    return `set ${field} to ${mustBe[1]}`;
  }
  const mustHave = /^must have (.+)$/s.exec(message);
  if (mustHave) {
    return `give ${field} ${mustHave[1]}`;
  }
  return `change ${field}: it ${message}`;
}

function compare(a: Finding, b: Finding): number {
  return (
    compareText(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareText(a.path, b.path)
  );
}

export function toReport(options: {
  files: number;
  entities: number;
  findings: Finding[];
}): ValidationReport {
  const findings = [...options.findings].sort(compare);
  return {
    files: options.files,
    entities: options.entities,
    errors: findings.filter(f => f.severity === 'error').length,
    warnings: findings.filter(f => f.severity === 'warning').length,
    findings,
  };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The report as a terminal reads it: one finding per line, a fix below it. */
export function formatText(report: ValidationReport): string {
  const lines = report.findings.flatMap(f => [
    `${f.file}:${f.line}:${f.column} ${f.severity} ${
      f.path ? `${f.path} ` : ''
    }${f.message} [${f.rule}]`,
    `    fix: ${f.fix}`,
  ]);
  lines.push(
    `${plural(report.errors, 'error')}, ${plural(
      report.warnings,
      'warning',
    )} in ${plural(report.files, 'file')} (${plural(
      report.entities,
      'entity',
    ).replace(/entitys$/, 'entities')})`,
  );
  return `${lines.join('\n')}\n`;
}
