import { ConfigReader } from '@backstage/config';
import { readOwnershipConfig } from './config';

describe('readOwnershipConfig', () => {
  it('fills in the defaults', () => {
    const config = readOwnershipConfig(new ConfigReader({}));
    expect(config.docs).toEqual({
      requiredLinks: ['runbook', 'dashboard', 'alerts', 'playbook'],
      maxReviewAgeDays: 90,
      auditFrequencyMinutes: 1440,
      historyDays: 400,
    });
    expect(config.routing).toMatchObject({
      oncallCacheMs: 300_000,
      oncallTimeoutMs: 2000,
    });
    expect(config.oncall).toEqual({
      groups: {},
      timeoutSeconds: 10,
      maxServicesPerPerson: 8,
    });
  });

  it('reads providers and per-group sources', () => {
    const config = readOwnershipConfig(
      new ConfigReader({
        ownership: {
          oncall: {
            pagerduty: { token: 't' },
            opsgenie: { baseUrl: 'https://api.eu.opsgenie.com/', apiKey: 'k' },
            groups: {
              'group:default/payments': {
                provider: 'pagerduty',
                scheduleIds: ['P1'],
              },
            },
          },
        },
      }),
    );
    expect(config.oncall.pagerduty).toEqual({
      baseUrl: 'https://api.pagerduty.com',
      token: 't',
    });
    expect(config.oncall.opsgenie?.baseUrl).toBe('https://api.eu.opsgenie.com');
    expect(config.oncall.groups['group:default/payments']).toEqual({
      provider: 'pagerduty',
      scheduleIds: ['P1'],
    });
  });

  it.each([
    [
      { docs: { maxReviewAgeDays: 0 } },
      'ownership.docs.maxReviewAgeDays must be at least 1',
    ],
    [
      { docs: { auditFrequencyMinutes: 0 } },
      'ownership.docs.auditFrequencyMinutes must be between 1 and 10080',
    ],
    [
      { routing: { oncallTimeoutMilliseconds: 0 } },
      'ownership.routing.oncallTimeoutMilliseconds must be between 10 and 60000',
    ],
    [
      { oncall: { pagerduty: { baseUrl: 'ftp://x' } } },
      'ownership.oncall.pagerduty.baseUrl must be an http(s) URL; ownership.oncall.pagerduty.token is required',
    ],
    [
      { oncall: { groups: { 'group:default/a': { provider: 'splunk' } } } },
      'ownership.oncall.groups["group:default/a"].provider must be one of builtin, pagerduty, opsgenie',
    ],
    [
      {
        oncall: {
          groups: {
            'group:default/a': { provider: 'opsgenie', scheduleIds: [] },
          },
        },
      },
      'ownership.oncall.groups["group:default/a"].scheduleIds must name a schedule',
    ],
  ])('refuses %j', (ownership, message) => {
    expect(() => readOwnershipConfig(new ConfigReader({ ownership }))).toThrow(
      message,
    );
  });
});
