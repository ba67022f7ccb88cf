import { resolveAlertPolicies, resolveIndicator } from './resolve';
import {
  OpenSloAlertPolicy,
  OpenSloSli,
  OpenSloSlo,
  openSloAlertPolicySchema,
  openSloSliSchema,
  openSloSloSchema,
} from './schemas';
import {
  availabilitySli,
  availabilitySlo,
  fastBurnPolicy,
  latencySlo,
  prometheusSli,
} from './testUtils';

const sli = (doc: unknown): OpenSloSli => openSloSliSchema.parse(doc);
const slo = (doc: unknown): OpenSloSlo => openSloSloSchema.parse(doc);
const policy = (doc: unknown): OpenSloAlertPolicy =>
  openSloAlertPolicySchema.parse(doc);

const library = new Map(
  [availabilitySli(), prometheusSli()].map(doc => [
    doc.metadata.name,
    sli(doc),
  ]),
);

function referencing(name: string, objectives?: unknown[]): OpenSloSlo {
  const doc = availabilitySlo();
  doc.spec.indicatorRef = name;
  if (objectives) {
    doc.spec.objectives = objectives;
  }
  return slo(doc);
}

describe('resolveIndicator', () => {
  it.each<[string, OpenSloSlo, unknown]>([
    [
      'an inline indicator',
      slo(latencySlo()),
      {
        ok: true,
        indicator: {
          name: 'checkout-latency',
          spec: latencySlo().spec.indicator.spec,
        },
      },
    ],
    [
      'a referenced SLI',
      referencing('availability'),
      {
        ok: true,
        indicator: {
          name: 'availability',
          displayName: 'Availability',
          spec: availabilitySli().spec,
        },
      },
    ],
    [
      'an unknown SLI',
      referencing('freshness'),
      {
        ok: false,
        issues: [
          {
            path: 'spec.indicatorRef',
            message:
              'must name an SLI in the catalog; there is no SLI named "freshness"',
          },
        ],
      },
    ],
  ])('%s', (_, subject, expected) => {
    expect(resolveIndicator({ slo: subject, slis: library })).toEqual(expected);
  });

  it('checks objectives against a referenced threshold SLI', () => {
    const gauge = prometheusSli();
    gauge.metadata.name = 'queue-age';
    gauge.spec = { thresholdMetric: gauge.spec.ratioMetric.total };
    const slis = new Map([['queue-age', sli(gauge)]]);
    const subject = referencing('queue-age', [
      { op: 'lte', target: 0.99, timeSliceTarget: 0.9, timeSliceWindow: '1m' },
      {
        op: 'lte',
        value: 60,
        target: 0.9,
        timeSliceTarget: 0.9,
        timeSliceWindow: '1m',
      },
    ]);
    expect(resolveIndicator({ slo: subject, slis })).toEqual({
      ok: false,
      issues: [
        {
          path: 'spec.objectives',
          message:
            'must have exactly one objective for a thresholdMetric indicator',
        },
        {
          path: 'spec.objectives[0].value',
          message: 'is required for a thresholdMetric indicator',
        },
      ],
    });
  });
});

describe('resolveAlertPolicies', () => {
  const policies = new Map([['fast-burn', policy(fastBurnPolicy())]]);

  it('resolves names and references, keeps inline policies, reports the unknown', () => {
    const doc = availabilitySlo();
    const inline = fastBurnPolicy();
    delete inline.apiVersion;
    inline.metadata.name = 'inline-burn';
    doc.spec.alertPolicies.push(inline, 'unknown-burn');
    expect(resolveAlertPolicies({ slo: slo(doc), policies })).toEqual({
      policies: [
        { name: 'fast-burn', spec: fastBurnPolicy().spec },
        { name: 'inline-burn', spec: fastBurnPolicy().spec },
      ],
      issues: [
        {
          path: 'spec.alertPolicies[1].alertPolicyRef',
          message:
            'must name an AlertPolicy in the catalog; there is no AlertPolicy named "slow-burn"',
        },
        {
          path: 'spec.alertPolicies[3]',
          message:
            'must name an AlertPolicy in the catalog; there is no AlertPolicy named "unknown-burn"',
        },
      ],
    });
  });

  it('has nothing to resolve without alertPolicies', () => {
    expect(resolveAlertPolicies({ slo: slo(latencySlo()), policies })).toEqual({
      policies: [],
      issues: [],
    });
  });
});
