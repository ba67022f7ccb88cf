import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURES, NOW, runSteward } from '../__testUtils__/runSteward';
import {
  generateEscalationPolicyCommand,
  generateGrafanaDashboardCommand,
  generatePrometheusRulesCommand,
} from './generate';

const PROMTOOL = '/usr/bin/promtool';
const golden = (name: string) =>
  fs.readFileSync(path.join(FIXTURES, 'golden', name), 'utf8');
const at = (...parts: string[]) => path.join(FIXTURES, ...parts);
const common = { cwd: FIXTURES, nowMs: Date.parse(NOW) };

function promtool(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    execFile(PROMTOOL, args, { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new Error(`${PROMTOOL} did not run: ${error.message}`));
        return;
      }
      resolve({
        code: error ? Number(error.code) : 0,
        output: `${stdout}${stderr}`,
      });
    });
  });
}

describe('generators from local files', () => {
  it.each<[string, () => string, string]>([
    [
      'Prometheus rules of every SLO, resolving indicatorRef and AlertPolicies',
      () =>
        generatePrometheusRulesCommand({
          ...common,
          paths: [at('repo'), at('org')],
        }),
      'payments-api.rules.yaml',
    ],
    [
      "a Grafana dashboard of a Component's SLOs",
      () =>
        generateGrafanaDashboardCommand({
          ...common,
          paths: [at('repo'), at('org')],
          entity: 'component:default/payments-api',
        }),
      'payments-api.dashboard.json',
    ],
    [
      'a PagerDuty escalation policy with ids from a mapping',
      () =>
        generateEscalationPolicyCommand({
          ...common,
          paths: [at('org')],
          group: 'payments',
          provider: 'pagerduty',
          mappingFile: at('org', 'pagerduty-ids.yaml'),
        }).output,
      'payments.pagerduty.json',
    ],
    [
      'an Opsgenie escalation by catalog names',
      () =>
        generateEscalationPolicyCommand({
          ...common,
          paths: [at('org')],
          group: 'group:default/payments',
          provider: 'opsgenie',
        }).output,
      'payments.opsgenie.json',
    ],
  ])('writes %s', (_, generate, file) => {
    expect(generate()).toBe(golden(file));
  });

  it.each<[string, () => unknown, string]>([
    [
      'an SLO whose SLI is not among the files',
      () => generatePrometheusRulesCommand({ ...common, paths: [at('repo')] }),
      'repo/slos.yaml: spec.indicatorRef must name an SLI in the catalog; there is no SLI named "http-availability"',
    ],
    [
      'an SLO name that is not there',
      () =>
        generatePrometheusRulesCommand({
          ...common,
          paths: [at('repo'), at('org')],
          slo: 'nope',
        }),
      `No valid SLO named nope in ${at('repo')} ${at('org')}`,
    ],
    [
      'an invalid SLO',
      () =>
        generatePrometheusRulesCommand({
          ...common,
          paths: [at('bad', 'objectives-out-of-range.yaml')],
        }),
      'bad/objectives-out-of-range.yaml: spec.objectives[0].target must be a number greater than 0 and less than 1',
    ],
    [
      'a Group without on-call',
      () =>
        generateEscalationPolicyCommand({
          ...common,
          paths: [at('org')],
          group: 'platform',
          provider: 'pagerduty',
        }),
      'org/org.yaml: spec.oncall is required to generate an escalation policy',
    ],
    [
      'a mapping with an unknown key',
      () => {
        const file = path.join(
          fs.mkdtempSync(path.join(os.tmpdir(), 'steward-')),
          'm.yaml',
        );
        fs.writeFileSync(file, 'schedule: {}\n');
        return generateEscalationPolicyCommand({
          ...common,
          paths: [at('org')],
          group: 'payments',
          provider: 'pagerduty',
          mappingFile: file,
        });
      },
      'schedule is not a known field',
    ],
  ])('refuses %s', (_, generate, message) => {
    expect(generate).toThrow(message);
  });
});

describe('steward generate', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steward-generate-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes rules that promtool accepts', async () => {
    const out = path.join(dir, 'rules.yaml');
    const result = await runSteward([
      'generate',
      'prometheus-rules',
      'repo',
      'org',
      '--now',
      NOW,
      '-o',
      out,
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(fs.readFileSync(out, 'utf8')).toBe(
      golden('payments-api.rules.yaml'),
    );
    const check = await promtool(['check', 'rules', out]);
    expect(check.output).toContain('SUCCESS: 32 rules found');
    expect(check.code).toBe(0);
  });

  it('warns about what a mapping lacks, on stderr', async () => {
    const result = await runSteward([
      'generate',
      'escalation-policy',
      'org',
      '--group',
      'payments',
      '--provider',
      'pagerduty',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr.split('\n')).toEqual([
      'warning: steps[0]: rotation primary has no id in the mapping and is left out',
      'warning: steps[0]: no target could be mapped, so the step is left out',
      'warning: steps[1]: user user:default/ben-okafor has no id in the mapping and is left out',
      'warning: steps[1]: group group:default/platform has no id in the mapping and is left out',
      'warning: steps[1]: no target could be mapped, so the step is left out',
      '',
    ]);
    expect(
      JSON.parse(result.stdout).escalation_policy.escalation_rules,
    ).toEqual([]);
  });

  it('exits 2 with the problem when it cannot generate', async () => {
    const result = await runSteward([
      'generate',
      'grafana-dashboard',
      'repo',
      'org',
      '--entity',
      'ghost',
    ]);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: No valid SLO of component:default/ghost in ${at(
        'repo',
      )} ${at('org')}\n`,
    });
  });
});
