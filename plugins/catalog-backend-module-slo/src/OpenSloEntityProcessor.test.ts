import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  CatalogProcessorResult,
  parseEntityYaml,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { validateOpenSloEntity } from '@steward/plugin-slo-common';
import fs from 'node:fs';
import path from 'node:path';
import { OpenSloEntityProcessor } from './OpenSloEntityProcessor';

const location = { type: 'file', target: '/repo/catalog-info/slos.yaml' };

const checkout: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'checkout-team' },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/checkout-team' },
    { type: 'partOf', targetRef: 'system:default/order-fulfilment' },
  ],
};

const availability: Entity = {
  apiVersion: 'openslo/v1',
  kind: 'SLI',
  metadata: { name: 'http-availability', namespace: 'default' },
  spec: {
    ratioMetric: {
      counter: true,
      good: {
        metricSource: {
          type: 'steward-service-graph',
          spec: { signal: 'availability' },
        },
      },
      total: {
        metricSource: {
          type: 'steward-service-graph',
          spec: { signal: 'availability' },
        },
      },
    },
  },
};

const burn: Entity = {
  apiVersion: 'openslo/v1',
  kind: 'AlertPolicy',
  metadata: { name: 'fast-burn', namespace: 'default' },
  spec: {
    alertWhenBreaching: true,
    conditions: [
      {
        kind: 'AlertCondition',
        metadata: { name: 'page' },
        spec: {
          severity: 'page',
          condition: {
            kind: 'burnrate',
            op: 'gte',
            threshold: 14.4,
            lookbackWindow: '1h',
            alertAfter: '0m',
          },
        },
      },
    ],
  },
};

function slo(
  overrides: {
    name?: string;
    annotations?: Record<string, string>;
    spec?: Record<string, unknown>;
  } = {},
): Entity {
  return {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: {
      name: overrides.name ?? 'checkout-availability',
      namespace: 'default',
      displayName: 'Checkout availability',
      annotations: {
        'backstage.io/managed-by-location': `file:${location.target}`,
        ...overrides.annotations,
      },
    },
    spec: {
      description: 'Orders go through.',
      service: 'checkout',
      indicatorRef: 'http-availability',
      timeWindow: [{ duration: '30d', isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ target: 0.999 }],
      alertPolicies: [{ alertPolicyRef: 'fast-burn' }],
      ...overrides.spec,
    },
  };
}

function setup(entities: Entity[] = [checkout, availability, burn]) {
  const catalog = catalogServiceMock({ entities });
  const getEntitiesByRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
  const processor = OpenSloEntityProcessor.create({
    catalog,
    auth: mockServices.auth({ pluginId: 'catalog' }),
  });
  const postProcess = async (entity: Entity) => {
    const emitted: CatalogProcessorResult[] = [];
    const result = await processor.postProcessEntity(entity, location, r =>
      emitted.push(r),
    );
    const relations = emitted.flatMap(r =>
      r.type === 'relation'
        ? [
            `${r.relation.source.kind.toLocaleLowerCase('en-US')}:${
              r.relation.source.name
            } ${r.relation.type} ${r.relation.target.kind.toLocaleLowerCase(
              'en-US',
            )}:${r.relation.target.name}`,
          ]
        : [],
    );
    const errors = emitted.flatMap(r =>
      r.type === 'error' ? [r.error.message] : [],
    );
    return { entity: result, relations, errors };
  };
  return { processor, postProcess, getEntitiesByRefs };
}

describe('OpenSloEntityProcessor', () => {
  describe('validateEntityKind', () => {
    it('accepts valid SLOs, SLIs and AlertPolicies', async () => {
      const { processor } = setup();
      for (const entity of [slo(), availability, burn]) {
        await expect(processor.validateEntityKind(entity)).resolves.toBe(true);
      }
    });

    it('leaves other kinds and apiVersions to other processors', async () => {
      const { processor } = setup();
      await expect(processor.validateEntityKind(checkout)).resolves.toBe(false);
      await expect(
        processor.validateEntityKind({
          ...slo(),
          apiVersion: 'openslo/v1alpha',
        }),
      ).resolves.toBe(false);
      await expect(
        processor.validateEntityKind({ ...slo(), kind: 'Service' }),
      ).resolves.toBe(false);
    });

    it('names the entity, the file and every broken field', async () => {
      const { processor } = setup();
      const invalid = slo({
        spec: {
          objectives: [{ target: 1.5 }],
          timeWindow: [{ duration: '30d', isRolling: false }],
        },
      });
      const error = await processor.validateEntityKind(invalid).then(
        () => undefined,
        e => e,
      );
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain(
        'slo:default/checkout-availability in file:/repo/catalog-info/slos.yaml is not a valid OpenSLO SLO: ',
      );
      expect(error.message).toContain(
        'spec.objectives[0].target must be a number greater than 0 and less than 1',
      );
      expect(error.message).toContain('spec.timeWindow[0].isRolling');
    });

    it('checks the error budget policy annotations of an SLO', async () => {
      const { processor } = setup();
      await expect(
        processor.validateEntityKind(
          slo({ annotations: { 'steward.dev/freeze-at': 'most' } }),
        ),
      ).rejects.toThrow(
        'metadata.annotations["steward.dev/freeze-at"] must be a number from 0 to 1',
      );
      await expect(
        processor.validateEntityKind(
          slo({
            annotations: {
              'steward.dev/warn-at': '0.9',
              'steward.dev/freeze-at': '0.5',
            },
          }),
        ),
      ).rejects.toThrow(
        'metadata.annotations["steward.dev/warn-at"] must not be above freeze-at (0.5)',
      );
      // Whether one alone fits depends on the SLO backend's configured
      // defaults, which the catalog does not know.
      const fitting: Array<Record<string, string>> = [
        { 'steward.dev/warn-at': '0.5', 'steward.dev/freeze-at': '0.9' },
        { 'steward.dev/warn-at': '0.95' },
        { 'steward.dev/freeze-at': '0.1' },
      ];
      for (const annotations of fitting) {
        await expect(
          processor.validateEntityKind(slo({ annotations })),
        ).resolves.toBe(true);
      }
    });
  });

  describe('postProcessEntity', () => {
    it('makes an SLO part of its Component, owned by its owner, dependent on its SLI', async () => {
      const { postProcess } = setup();
      const { entity, relations, errors } = await postProcess(slo());
      expect(errors).toEqual([]);
      expect(relations.sort()).toEqual(
        [
          'slo:checkout-availability partOf component:checkout',
          'component:checkout hasPart slo:checkout-availability',
          'slo:checkout-availability ownedBy group:checkout-team',
          'group:checkout-team ownerOf slo:checkout-availability',
          'slo:checkout-availability dependsOn sli:http-availability',
          'sli:http-availability dependencyOf slo:checkout-availability',
        ].sort(),
      );
      expect(entity.metadata.title).toBe('Checkout availability');
      expect(entity.metadata.description).toBe('Orders go through.');
    });

    it('relates an SLO with an inline indicator to its Component only', async () => {
      const { postProcess } = setup();
      const { relations } = await postProcess(
        slo({
          spec: {
            indicatorRef: undefined,
            indicator: {
              metadata: { name: 'inline' },
              spec: availability.spec,
            },
            alertPolicies: undefined,
          },
        }),
      );
      expect(relations).not.toContainEqual(expect.stringContaining('sli:'));
      expect(relations).toContain(
        'slo:checkout-availability ownedBy group:checkout-team',
      );
    });

    it('reports names that are not in the catalog against the SLO', async () => {
      const { postProcess } = setup([availability]);
      const { relations, errors } = await postProcess(
        slo({ spec: { indicatorRef: 'http-avail' } }),
      );
      expect(relations).toEqual([]);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(
        'slo:default/checkout-availability in file:/repo/catalog-info/slos.yaml does not match the catalog: ',
      );
      expect(errors[0]).toContain(
        'spec.service must name a Component in the catalog; there is no component:default/checkout',
      );
      expect(errors[0]).toContain(
        'spec.indicatorRef must name an SLI in the catalog; there is no SLI named "http-avail"',
      );
      expect(errors[0]).toContain(
        'spec.alertPolicies[0].alertPolicyRef must name an AlertPolicy in the catalog',
      );
    });

    it('titles SLIs and AlertPolicies without looking anything up', async () => {
      const { postProcess, getEntitiesByRefs } = setup();
      const { entity, relations } = await postProcess({
        ...availability,
        metadata: { ...availability.metadata, displayName: 'Availability' },
      });
      expect(entity.metadata.title).toBe('Availability');
      expect(relations).toEqual([]);
      expect(getEntitiesByRefs).not.toHaveBeenCalled();
    });

    it('reads each entity once for the SLOs processed together', async () => {
      const { postProcess, getEntitiesByRefs } = setup();
      await postProcess(slo());
      await postProcess(slo({ name: 'checkout-errors' }));
      expect(getEntitiesByRefs).toHaveBeenCalledTimes(1);
      expect(getEntitiesByRefs.mock.calls[0][0].entityRefs.sort()).toEqual([
        'alertpolicy:default/fast-burn',
        'component:default/checkout',
        'sli:default/http-availability',
      ]);
    });

    it('asks again for an entity that was not there', async () => {
      const { postProcess, getEntitiesByRefs } = setup([availability, burn]);
      expect((await postProcess(slo())).errors).toHaveLength(1);
      expect((await postProcess(slo())).errors).toHaveLength(1);
      expect(getEntitiesByRefs).toHaveBeenCalledTimes(2);
      expect(getEntitiesByRefs.mock.calls[1][0].entityRefs).toEqual([
        'component:default/checkout',
      ]);
    });

    it('fails the round, keeping the stored SLO, when the catalog cannot be read', async () => {
      const { postProcess, getEntitiesByRefs } = setup();
      getEntitiesByRefs.mockRejectedValueOnce(new Error('ECONNREFUSED'));
      await expect(postProcess(slo())).rejects.toThrow(
        'Could not read the entities that slo:default/checkout-availability names from the catalog; caused by Error: ECONNREFUSED',
      );
      // A failed read is not remembered.
      expect((await postProcess(slo())).errors).toEqual([]);
    });
  });
});

describe('the demo organisation', () => {
  const dir = path.resolve(__dirname, '../../../catalog-info');

  it('writes only valid OpenSLO documents', () => {
    const kinds: string[] = [];
    for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.yaml'))) {
      const data = fs.readFileSync(path.join(dir, file));
      for (const result of parseEntityYaml(data, {
        type: 'file',
        target: file,
      })) {
        if (result.type !== 'entity') {
          throw new Error(`${file} is not valid YAML`);
        }
        if (result.entity.apiVersion !== 'openslo/v1') continue;
        const validation = validateOpenSloEntity(result.entity);
        expect({
          ref: `${file}: ${result.entity.kind} ${result.entity.metadata.name}`,
          issues: validation.ok ? [] : validation.issues,
        }).toEqual(expect.objectContaining({ issues: [] }));
        kinds.push(result.entity.kind);
      }
    }
    expect(kinds.filter(k => k === 'SLO')).toHaveLength(10);
    expect(kinds.filter(k => k === 'SLI')).toHaveLength(5);
    expect(kinds.filter(k => k === 'AlertPolicy')).toHaveLength(1);
  });
});
