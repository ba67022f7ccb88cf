import path from 'node:path';
import fs from 'node:fs';
import { FIXTURES, NOW, runSteward } from '../__testUtils__/runSteward';
import { collectFiles } from './collectFiles';
import { validateFiles } from './validateFiles';

const ORG = path.join(FIXTURES, 'org');
const REPO = path.join(FIXTURES, 'repo');

async function validate(paths: string[], known: string[] = [ORG, REPO]) {
  return validateFiles({
    files: collectFiles(paths),
    known: collectFiles(known),
    cwd: FIXTURES,
    policy: { nowMs: Date.parse(NOW) },
  });
}

/** The findings as `line:column severity path message [rule]`, one a line. */
async function findingLines(file: string) {
  const report = await validate([path.join(FIXTURES, 'bad', file)]);
  return report.findings.map(
    f =>
      `${f.line}:${f.column} ${f.severity} ${f.path} ${f.message} [${f.rule}]`,
  );
}

describe('validateFiles', () => {
  it('accepts a valid repository against its organisation', async () => {
    const report = await validate([REPO], [ORG]);
    expect(report).toEqual({
      files: 2,
      entities: 4,
      errors: 0,
      warnings: 0,
      findings: [],
    });
  });

  it.each<[string, string[]]>([
    [
      'yaml-syntax.yaml',
      [
        '5:1 error  All mapping items must start at the same column (BAD_INDENT) [yaml-syntax]',
        '14:1 error  Flow sequence in block collection must be sufficiently indented and end with a ] (BAD_INDENT) [yaml-syntax]',
        '21:3 error  Map keys must be unique (DUPLICATE_KEY) [yaml-syntax]',
      ],
    ],
    [
      'unknown-kind.yaml',
      [
        '2:7 error kind must be one of API, Component, Domain, Group, Location, Resource, System, User (apiVersion backstage.io/v1alpha1) or SLO, SLI, AlertPolicy (apiVersion openslo/v1) [unknown-kind]',
        '10:7 error kind must be one of SLO, SLI, AlertPolicy [openslo-schema]',
      ],
    ],
    [
      'unknown-owner.yaml',
      [
        '17:10 error spec.owner Component refunds is owned by payment-team, which is not a Group in the catalog [unknown-owner]',
        '25:10 error spec.owner must be a Group or User in the catalog: user:default/dba-on-call is not [unknown-owner]',
      ],
    ],
    [
      'malformed-dates.yaml',
      [
        '8:32 error metadata.annotations["steward.dev/last-reviewed"] Component invoices has a last-reviewed date that is not an ISO date: "2026-02-30" [bad-review-date]',
        '30:20 error spec.timeWindow[0].calendar.startTime must be a date and time like 2026-01-01 00:00:00 [openslo-schema]',
        '46:19 error spec.oncall.rotations[0].timeZone must be an IANA time zone, like Europe/London [oncall]',
        '47:16 error spec.oncall.rotations[0].start must be a date written YYYY-MM-DD [oncall]',
        '48:43 error spec.oncall.rotations[0].handoff.time must be a 24-hour time written HH:MM, like 09:00 [oncall]',
      ],
    ],
    [
      'objectives-out-of-range.yaml',
      [
        '13:15 error spec.objectives[0].target must be a number greater than 0 and less than 1 [openslo-schema]',
        '14:22 error spec.objectives[1].targetPercent must be a number greater than 0 and less than 100 [openslo-schema]',
        '15:15 error spec.objectives[2].target must be a number greater than 0 and less than 1 [openslo-schema]',
        '22:26 error metadata.annotations["steward.dev/warn-at"] must not be above freeze-at (0.9) [openslo-schema]',
        '33:7 error spec.objectives[0].targt is not a known field [openslo-schema]',
      ],
    ],
    [
      'references.yaml',
      [
        '6:12 error spec.service must name a Component in the catalog; there is no component:default/ghost [slo-reference]',
        '7:17 error spec.indicatorRef must name an SLI in the catalog; there is no SLI named "http-availabilty" [slo-reference]',
        '15:23 error spec.alertPolicies[0].alertPolicyRef must name an AlertPolicy in the catalog; there is no AlertPolicy named "slow-burn" [slo-reference]',
        '22:23 error metadata.annotations["steward.dev/tier"] must be a string [catalog-schema]',
      ],
    ],
    [
      'duplicates.yaml',
      [
        '3:1 warning metadata.annotations["steward.dev/last-reviewed"] Component payments-api has no record of a docs review [no-review-date]',
        '3:1 warning metadata.annotations["steward.dev/tier"] Component payments-api has no tier [no-tier]',
        '3:1 warning metadata.description Component payments-api has no description [no-description]',
        '3:1 error metadata.links Component payments-api has no runbook link [missing-link]',
        '3:1 error metadata.links Component payments-api has no dashboard link [missing-link]',
        '3:1 error metadata.links Component payments-api has no alerts link [missing-link]',
        '3:1 error metadata.links Component payments-api has no playbook link [missing-link]',
        '4:9 error metadata.name must be unique: component:default/payments-api is also defined in repo/catalog-info.yaml:1 [duplicate-entity]',
        '10:1 error  must be a mapping with apiVersion, kind, metadata and spec [not-an-entity]',
      ],
    ],
  ])('reports %s with positions and exact messages', async (file, lines) => {
    expect(await findingLines(file)).toEqual(lines);
  });

  it('warns once per kind it cannot check, instead of failing', async () => {
    const report = await validate([REPO], []);
    expect(
      report.findings.map(f => [f.file, f.line, f.path, f.severity, f.message]),
    ).toEqual([
      [
        'repo/catalog-info.yaml',
        26,
        'spec.owner',
        'warning',
        'cannot be checked: no Group is among the files given (1 reference unchecked)',
      ],
      [
        'repo/slos.yaml',
        10,
        'spec.indicatorRef',
        'warning',
        'cannot be checked: no SLI is among the files given (1 reference unchecked)',
      ],
      [
        'repo/slos.yaml',
        17,
        'spec.alertPolicies',
        'warning',
        'cannot be checked: no AlertPolicy is among the files given (1 reference unchecked)',
      ],
    ]);
    expect(report.errors).toBe(0);
  });

  it('validates a file given both as a path and with --known', async () => {
    const report = await validate([REPO], [ORG, REPO]);
    expect(report).toMatchObject({ files: 2, entities: 4, errors: 0 });
  });

  it('walks directories for catalog and OpenSLO files only', () => {
    const files = collectFiles([FIXTURES]).map(f =>
      path.relative(FIXTURES, f.file),
    );
    expect(files).toEqual(
      expect.arrayContaining([
        'repo/catalog-info.yaml',
        'org/sli-library.yaml',
      ]),
    );
    expect(files).not.toContain('golden/payments-api.rules.yaml');
  });
});

describe('steward validate', () => {
  it('prints the golden report of the bad corpus and exits 1', async () => {
    const result = await runSteward([
      'validate',
      'bad',
      '--known',
      'org',
      'repo',
      '--now',
      NOW,
    ]);
    expect(result.stdout).toBe(
      fs.readFileSync(path.join(FIXTURES, 'golden/validate-bad.txt'), 'utf8'),
    );
    expect(result.code).toBe(1);
  });

  it('exits 0 with warnings, 1 with --strict, and writes JSON', async () => {
    const plain = await runSteward(['validate', 'repo', '--now', NOW]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain(
      '0 errors, 3 warnings in 2 files (4 entities)',
    );
    const strict = await runSteward([
      'validate',
      'repo',
      '--strict',
      '--format',
      'json',
      '--now',
      NOW,
    ]);
    expect(strict.code).toBe(1);
    const report = JSON.parse(strict.stdout);
    expect(report).toMatchObject({
      files: 2,
      entities: 4,
      errors: 0,
      warnings: 3,
    });
    expect(report.findings[0]).toEqual({
      file: 'repo/catalog-info.yaml',
      line: 26,
      column: 10,
      severity: 'warning',
      path: 'spec.owner',
      rule: 'unchecked-reference',
      message:
        'cannot be checked: no Group is among the files given (1 reference unchecked)',
      fix: "pass the files that define your organisation's Group entities with --known",
    });
  });

  it('exits 2 on a path that does not exist', async () => {
    const result = await runSteward(['validate', 'nowhere']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: ${path.join(FIXTURES, 'nowhere')}: no such file or directory\n`,
    );
  });
});
