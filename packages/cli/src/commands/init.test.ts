import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURES, NOW, runSteward } from '../__testUtils__/runSteward';
import { collectFiles } from '../validate/collectFiles';
import { validateFiles } from '../validate/validateFiles';

const ORG = path.join(FIXTURES, 'org');

/** What a person types, one answer a line; an empty line takes the default. */
const ANSWERS = [
  '', // name: the package.json name
  '', // description: the package.json description
  'Payments Team', // not an entity name: asked again
  'payments',
  '', // system: none
  '', // type: service
  '', // lifecycle: production
  '5', // not a tier: asked again
  '1',
  'ledgerservice',
  'https://runbooks.example.com/ledger',
  'https://grafana.example.com/d/ledger',
  'https://alerts.example.com/ledger',
  'https://playbooks.example.com/ledger',
  'http-latency-1s', // not in the library: asked again
  'http-latency-300ms',
  '0.99',
  '', // window: 28d
];

const FLAGS = [
  '--yes',
  '--owner',
  'payments',
  '--tier',
  '1',
  '--service-name',
  'ledgerservice',
  '--runbook',
  'https://runbooks.example.com/ledger',
  '--dashboard',
  'https://grafana.example.com/d/ledger',
  '--alerts',
  'https://alerts.example.com/ledger',
  '--playbook',
  'https://playbooks.example.com/ledger',
  '--sli',
  'http-latency-300ms',
  '--objective',
  '0.99',
];

const EXPECTED_CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ledger
  description: Keeps the double-entry ledger of payments.
  annotations:
    steward.dev/tier: '1'
    steward.dev/last-reviewed: '2026-11-21'
    steward.dev/service-name: 'ledgerservice'
  links:
    - url: https://runbooks.example.com/ledger
      title: ledger runbook
      type: runbook
    - url: https://grafana.example.com/d/ledger
      title: ledger dashboard
      type: dashboard
    - url: https://alerts.example.com/ledger
      title: ledger alerts
      type: alerts
    - url: https://playbooks.example.com/ledger
      title: ledger playbook
      type: playbook
spec:
  type: service
  lifecycle: production
  owner: payments
---
apiVersion: backstage.io/v1alpha1
kind: Location
metadata:
  name: ledger-slos
spec:
  targets:
    - ./slos.yaml
`;

const EXPECTED_SLOS = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: ledger-http-latency-300ms
  displayName: ledger http-latency-300ms
spec:
  service: ledger
  indicatorRef: http-latency-300ms
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - target: 0.99
`;

describe('steward init', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steward-init-'));
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: '@acme/ledger',
        description: 'Keeps the double-entry ledger of payments.',
      }),
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

  async function expectValidFiles() {
    expect(read('catalog-info.yaml')).toBe(EXPECTED_CATALOG_INFO);
    expect(read('slos.yaml')).toBe(EXPECTED_SLOS);
    const report = await validateFiles({
      files: collectFiles([dir]),
      known: collectFiles([ORG]),
      cwd: dir,
      policy: { nowMs: Date.parse(NOW) },
    });
    expect(report.findings).toEqual([]);
  }

  it('asks for what it cannot infer, again after a wrong answer', async () => {
    const result = await runSteward(['init', '--known', ORG, '--now', NOW], {
      cwd: dir,
      input: `${ANSWERS.join('\n')}\n`,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Component name [ledger]: ');
    expect(result.stdout).toContain(
      'Owning Group (spec.owner):   must be 1 to 63 letters, digits, -, _ or ., starting and ending with a letter or digit\n',
    );
    expect(result.stdout).toContain('  must be 1 (most critical), 2, 3 or 4\n');
    expect(result.stdout).toContain(
      'SLI of the starter SLO (http-availability, http-latency-300ms) [http-availability]:   must be one of http-availability, http-latency-300ms\n',
    );
    expect(result.stdout).toContain(
      'wrote catalog-info.yaml\nwrote slos.yaml\n',
    );
    await expectValidFiles();
  });

  it('writes the same files from flags, asking nothing', async () => {
    const result = await runSteward(
      ['init', ...FLAGS, '--known', ORG, '--now', NOW],
      {
        cwd: dir,
      },
    );
    expect(result).toEqual({
      code: 0,
      stdout: 'wrote catalog-info.yaml\nwrote slos.yaml\n',
      stderr: '',
    });
    await expectValidFiles();
  });

  it.each<[string, string[], string]>([
    [
      'a required flag missing',
      ['init', '--yes'],
      'error: --owner is required with --yes\n',
    ],
    [
      'invalid flags',
      [
        'init',
        '--yes',
        '--owner',
        'payments',
        '--tier',
        'one',
        '--objective',
        '99.9',
      ],
      'error: --tier must be 1 (most critical), 2, 3 or 4\n--objective must be a number greater than 0 and less than 1, like 0.999\n',
    ],
  ])('exits 2 on %s', async (_, args, stderr) => {
    const result = await runSteward(args, { cwd: dir });
    expect(result).toEqual({ code: 2, stdout: '', stderr });
    expect(fs.existsSync(path.join(dir, 'catalog-info.yaml'))).toBe(false);
  });

  it('exits 2 when the answers run out', async () => {
    const result = await runSteward(['init'], { cwd: dir, input: '\n\n' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: No answer for "Owning Group (spec.owner)": the input ended\n',
    );
  });

  it('keeps existing files unless told to overwrite them', async () => {
    fs.writeFileSync(path.join(dir, 'catalog-info.yaml'), 'mine\n');
    const kept = await runSteward(['init', ...FLAGS, '--now', NOW], {
      cwd: dir,
    });
    expect(kept.code).toBe(2);
    expect(kept.stderr).toBe(
      `error: catalog-info.yaml already exists in ${fs.realpathSync(
        dir,
      )}; pass --force to overwrite\n`,
    );
    expect(read('catalog-info.yaml')).toBe('mine\n');
    const forced = await runSteward(
      ['init', ...FLAGS, '--force', '--now', NOW],
      { cwd: dir },
    );
    expect(forced.code).toBe(0);
    expect(read('catalog-info.yaml')).toBe(EXPECTED_CATALOG_INFO);
  });
});
