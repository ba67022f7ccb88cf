import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import path from 'node:path';
import request from 'supertest';
import catalogModuleOwnership from './index';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'docs audit in the catalog on %s',
  databaseId => {
    it('annotates Components with their score and findings without failing them', async () => {
      const { server } = await startTestBackend({
        features: [
          mockServices.database.factory({
            knex: await databases.init(databaseId),
          }),
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                rules: [{ allow: ['Component', 'Group', 'Location'] }],
                locations: [
                  {
                    type: 'file',
                    target: path.resolve(
                      __dirname,
                      '__fixtures__/catalog.yaml',
                    ),
                  },
                ],
                processingInterval: { seconds: 1 },
              },
              ownership: {
                docs: { requiredLinks: ['runbook'], maxReviewAgeDays: 3650 },
              },
            },
          }),
          catalogPlugin,
          catalogModuleOwnership,
        ],
      });
      const entity = async (name: string) => {
        const res = await request(server)
          .get(`/api/catalog/entities/by-name/component/default/${name}`)
          .set('Authorization', mockCredentials.user.header());
        return res.status === 200 ? res.body : undefined;
      };
      // The Group may be processed after the Component: the owner resolves
      // on a later round.
      const deadline = Date.now() + 60_000;
      let payApi;
      let legacy;
      for (;;) {
        payApi = await entity('pay-api');
        legacy = await entity('legacy');
        if (
          payApi?.metadata.annotations['steward.dev/docs-score'] === '100' &&
          legacy
        ) {
          break;
        }
        if (Date.now() > deadline) {
          throw new Error(
            `not annotated in 60s: ${JSON.stringify(payApi?.metadata)}`,
          );
        }
        await new Promise(resolve => setTimeout(resolve, 250));
      }
      expect(payApi.metadata.annotations['steward.dev/docs-findings']).toBe(
        undefined,
      );

      expect(legacy.metadata.annotations['steward.dev/docs-score']).toBe('0');
      expect(
        legacy.metadata.annotations['steward.dev/docs-findings'].split('\n'),
      ).toEqual([
        'error unknown-owner: is owned by ghost-team, which is not a Group in the catalog. Fix: set spec.owner to an existing Group, or add that Group to the catalog.',
        'error missing-link: has no runbook link. Fix: add a metadata.links entry with type: runbook.',
        'warning no-review-date: has no record of a docs review. Fix: review the docs, then set metadata.annotations["steward.dev/last-reviewed"] to today\'s date (YYYY-MM-DD).',
        'warning no-tier: has no tier. Fix: set metadata.annotations["steward.dev/tier"] to "1" (most critical) through "4".',
        'warning no-description: has no description. Fix: set metadata.description to one sentence on what the service does.',
      ]);
      // Findings are not processing errors: the entity is current and clean.
      expect(legacy.status?.items ?? []).toEqual([]);
    });
  },
);
