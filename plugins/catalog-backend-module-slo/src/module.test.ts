import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import waitForExpect from 'wait-for-expect';
import catalogModuleSlo from './index';

jest.setTimeout(240_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const fixture = path.resolve(__dirname, '__fixtures__/catalog.yaml');
const demo = path.resolve(__dirname, '../../../catalog-info/all.yaml');

async function startCatalog(databaseId: TestDatabaseId, target: string) {
  const knex = await databases.init(databaseId);
  const backend = await startTestBackend({
    features: [
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'System',
                  'API',
                  'Resource',
                  'Location',
                  'Group',
                  'User',
                  'Domain',
                ],
              },
              { allow: ['SLO', 'SLI', 'AlertPolicy'] },
            ],
            locations: [{ type: 'file', target }],
            // Entities are processed again within seconds, not minutes.
            processingInterval: { seconds: 1 },
          },
        },
      }),
      catalogPlugin,
      catalogModuleSlo,
    ],
  });

  const user = mockCredentials.user.header();
  // The catalog's answer carries processing errors in `status`.
  const entity = async (
    ref: string,
  ): Promise<(Entity & { status?: { items?: unknown[] } }) | undefined> => {
    const [kind, rest] = ref.split(':');
    const res = await request(backend.server)
      .get(`/api/catalog/entities/by-name/${kind}/${rest}`)
      .set('Authorization', user);
    return res.status === 200 ? res.body : undefined;
  };
  const entities = async (filter: string): Promise<Entity[]> => {
    const res = await request(backend.server)
      .get('/api/catalog/entities')
      .query({ filter })
      .set('Authorization', user);
    expect(res.status).toBe(200);
    return res.body;
  };
  /**
   * The processing errors the catalog recorded for entities of these kinds
   * (lower case), by entity ref. An entity that never processed cleanly has
   * no final entity to carry them, so they are read where the catalog keeps
   * them, its refresh state.
   */
  const processingErrors = async (kinds: string[]) => {
    const rows: Array<{ entity_ref: string; errors: string | null }> =
      await knex('refresh_state').select('entity_ref', 'errors');
    return new Map(
      rows
        .filter(row => kinds.includes(row.entity_ref.split(':')[0]))
        .map(row => [
          row.entity_ref,
          (JSON.parse(row.errors || '[]') as Array<{ message: string }>).map(
            e => e.message,
          ),
        ]),
    );
  };
  return { entity, entities, processingErrors };
}

function relationsOf(entity: Entity | undefined) {
  return (entity?.relations ?? []).map(r => `${r.type} ${r.targetRef}`);
}

describe.each(databases.eachSupportedId())(
  'catalog module slo on %s',
  databaseId => {
    it('ingests valid OpenSLO entities and reports invalid ones', async () => {
      const { entity, processingErrors } = await startCatalog(
        databaseId,
        fixture,
      );

      await waitForExpect(
        async () => {
          const slo = await entity('slo:default/shop-availability');
          expect(relationsOf(slo).sort()).toEqual([
            'dependsOn sli:default/availability',
            'ownedBy group:default/shop-team',
            'partOf component:default/shop',
          ]);
          expect(slo?.metadata.title).toBe('Shop availability');
          expect(relationsOf(await entity('component:default/shop'))).toEqual(
            expect.arrayContaining(['hasPart slo:default/shop-availability']),
          );
          expect(relationsOf(await entity('group:default/shop-team'))).toEqual(
            expect.arrayContaining(['ownerOf slo:default/shop-availability']),
          );
          expect(relationsOf(await entity('sli:default/availability'))).toEqual(
            ['dependencyOf slo:default/shop-availability'],
          );
        },
        60_000,
        250,
      );

      await waitForExpect(
        async () => {
          const errors = await processingErrors(['slo']);
          expect(errors.get('slo:default/shop-availability')).toEqual([]);

          const [invalid] = errors.get('slo:default/bad-target') ?? [];
          expect(invalid).toContain(
            `slo:default/bad-target in file:${fixture} is not a valid OpenSLO SLO: spec.objectives[0].target must be a number greater than 0 and less than 1`,
          );

          const [orphan] = errors.get('slo:default/orphan') ?? [];
          expect(orphan).toBe(
            `slo:default/orphan in file:${fixture} does not match the catalog: spec.service must name a Component in the catalog; there is no component:default/closed-shop`,
          );
        },
        30_000,
        250,
      );
      expect(await entity('slo:default/bad-target')).toBeUndefined();
      expect(await entity('slo:default/orphan')).toBeUndefined();
    });

    it('shows the error on an SLO that was valid before', async () => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'slo-module-'));
      const file = path.join(dir, 'catalog-info.yaml');
      const valid = await fs.readFile(fixture, 'utf8');
      await fs.writeFile(file, valid);
      const { entity } = await startCatalog(databaseId, file);
      await waitForExpect(
        async () => {
          const slo = await entity('slo:default/shop-availability');
          expect(relationsOf(slo)).toContain('ownedBy group:default/shop-team');
        },
        60_000,
        250,
      );

      // The catalog keeps the last valid version and attaches the error to
      // it, where Backstage's entity page shows processing errors.
      await fs.writeFile(
        file,
        valid.replace('    - target: 0.999', '    - target: 99.9'),
      );
      await waitForExpect(
        async () => {
          const slo = await entity('slo:default/shop-availability');
          expect(slo?.spec?.objectives).toEqual([{ target: 0.999 }]);
          expect(slo?.status?.items).toEqual([
            expect.objectContaining({
              type: 'backstage.io/catalog-processing',
              level: 'error',
              message: expect.stringContaining(
                `slo:default/shop-availability in file:${file} is not a valid OpenSLO SLO: spec.objectives[0].target must be a number greater than 0 and less than 1`,
              ),
            }),
          ]);
        },
        60_000,
        250,
      );
      await fs.rm(dir, { recursive: true });
    });

    it('ingests the demo organisation without errors', async () => {
      const { entities, processingErrors } = await startCatalog(
        databaseId,
        demo,
      );
      // Each SLO is owned by the owner of the Component it names.
      const owners: Record<string, string> = {
        'checkout-availability': 'checkout-team',
        'checkout-latency': 'checkout-team',
        'payment-availability': 'checkout-team',
        'frontend-availability': 'storefront',
        'frontend-latency': 'storefront',
        'cart-availability': 'storefront',
        'currency-availability': 'platform',
        'shipping-latency': 'fulfilment',
        'product-catalog-availability': 'storefront',
        'email-availability': 'fulfilment',
      };

      await waitForExpect(
        async () => {
          const slos = await entities('kind=SLO');
          expect(
            Object.fromEntries(
              slos.map(slo => [
                slo.metadata.name,
                relationsOf(slo)
                  .filter(r => r.startsWith('ownedBy '))
                  .join(),
              ]),
            ),
          ).toEqual(
            Object.fromEntries(
              Object.entries(owners).map(([name, owner]) => [
                name,
                `ownedBy group:default/${owner}`,
              ]),
            ),
          );
          expect(await entities('kind=SLI')).toHaveLength(5);
          expect(await entities('kind=AlertPolicy')).toHaveLength(1);

          const errors = await processingErrors(['slo', 'sli', 'alertpolicy']);
          expect(errors.size).toBe(16);
          expect([...errors].filter(([, e]) => e.length > 0)).toEqual([]);
          const locations = await processingErrors(['location']);
          expect(locations.get('location:default/steward-demo-slos')).toEqual(
            [],
          );
          expect([...locations].filter(([, e]) => e.length > 0)).toEqual([]);
        },
        90_000,
        500,
      );

      const [productCatalog] = await entities(
        'kind=SLO,metadata.name=product-catalog-availability',
      );
      expect(relationsOf(productCatalog).sort()).toEqual([
        'dependsOn sli:default/http-availability',
        'ownedBy group:default/storefront',
        'partOf component:default/product-catalog',
      ]);
    });
  },
);
