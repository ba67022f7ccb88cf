import { sloReferenceIssues, validateOpenSloDocument } from './catalogChecks';
import { OpenSloAlertPolicy, OpenSloSli, OpenSloSlo } from './schemas';
import {
  availabilitySli,
  availabilitySlo,
  fastBurnPolicy,
  latencySlo,
} from './testUtils';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

function withAnnotations(annotations: Record<string, string>): Doc {
  const doc = latencySlo();
  doc.metadata.annotations = annotations;
  return doc;
}

describe('validateOpenSloDocument', () => {
  it.each<[string, Doc, string[]]>([
    ['a valid SLO with a budget policy', latencySlo(), []],
    ['a valid SLI (annotations are not read)', availabilitySli(), []],
    [
      'warn-at above freeze-at',
      withAnnotations({
        'steward.dev/warn-at': '0.95',
        'steward.dev/freeze-at': '0.9',
      }),
      [
        'metadata.annotations["steward.dev/warn-at"] must not be above freeze-at (0.9)',
      ],
    ],
    [
      'a freeze-at that is not a fraction',
      withAnnotations({ 'steward.dev/freeze-at': '90%' }),
      [
        'metadata.annotations["steward.dev/freeze-at"] must be a number from 0 to 1, like 0.5',
      ],
    ],
    [
      'schema and policy problems together',
      (() => {
        const doc = withAnnotations({ 'steward.dev/warn-at': '2' });
        doc.spec.objectives[0].target = 1.5;
        return doc;
      })(),
      [
        'spec.objectives[0].target must be a number greater than 0 and less than 1',
        'metadata.annotations["steward.dev/warn-at"] must be a number from 0 to 1, like 0.5',
      ],
    ],
  ])('checks %s', (_, doc, issues) => {
    const result = validateOpenSloDocument(doc);
    expect(
      result.ok ? [] : result.issues.map(i => `${i.path} ${i.message}`),
    ).toEqual(issues);
  });
});

describe('sloReferenceIssues', () => {
  const slo = availabilitySlo() as OpenSloSlo;
  const sli = availabilitySli() as OpenSloSli;
  const fast = fastBurnPolicy() as OpenSloAlertPolicy;
  const slow = {
    ...fastBurnPolicy(),
    metadata: { name: 'slow-burn' },
  } as OpenSloAlertPolicy;

  it.each<[string, boolean, OpenSloSli[], OpenSloAlertPolicy[], string[]]>([
    ['everything present', true, [sli], [fast, slow], []],
    [
      'no Component',
      false,
      [sli],
      [fast, slow],
      [
        'spec.service must name a Component in the catalog; there is no component:default/checkout',
      ],
    ],
    [
      'no SLI and one policy missing',
      true,
      [],
      [fast],
      [
        'spec.indicatorRef must name an SLI in the catalog; there is no SLI named "availability"',
        'spec.alertPolicies[1].alertPolicyRef must name an AlertPolicy in the catalog; there is no AlertPolicy named "slow-burn"',
      ],
    ],
  ])('reports %s', (_, componentExists, slis, policies, issues) => {
    expect(
      sloReferenceIssues({
        slo,
        componentExists,
        componentRef: 'component:default/checkout',
        slis: new Map(slis.map(s => [s.metadata.name, s])),
        policies: new Map(policies.map(p => [p.metadata.name, p])),
      }).map(i => `${i.path} ${i.message}`),
    ).toEqual(issues);
  });
});
