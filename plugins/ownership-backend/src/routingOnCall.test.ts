import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import notificationsBackend from '@backstage/plugin-notifications-backend';
import serviceGraphBackend from '@steward/plugin-service-graph-backend';
import request from 'supertest';
import waitForExpect from 'wait-for-expect';
import { alertmanagerWebhook } from './__testUtils__/alertmanagerWebhook';
import { fakeOpsgenie, fakePagerDuty } from './__testUtils__/fakeProviders';
import {
  dropPluginDatabases,
  pluginDatabases,
} from './__testUtils__/pluginDatabases';
import { testConfig } from './__testUtils__/testConfig';
import { ownershipPlugin } from './plugin';

jest.setTimeout(180_000);

const TIMEOUT_MS = 400;

afterAll(() => dropPluginDatabases('routing_oncall'));

describe.each(pluginDatabases('routing_oncall'))(
  'routing to the on-call of each provider on %s',
  (_, database) => {
    it('pages through PagerDuty and Opsgenie, caches, and falls back when they fail or are slow', async () => {
      const [pd, og] = await Promise.all([
        fakePagerDuty({ atMs: Date.now() }),
        fakeOpsgenie(),
      ]);
      try {
        const { server } = await startTestBackend({
          features: [
            mockServices.rootConfig.factory({
              data: testConfig({
                database,
                extra: {
                  ownership: {
                    routing: {
                      traceWaitSeconds: 0,
                      oncallTimeoutMilliseconds: TIMEOUT_MS,
                    },
                    oncall: {
                      pagerduty: {
                        baseUrl: pd.baseUrl,
                        token: 'pd-test-token',
                      },
                      opsgenie: { baseUrl: og.baseUrl, apiKey: 'og-test-key' },
                      // platform also declares a built-in rotation
                      // (spec.oncall); checkout-team declares none.
                      groups: {
                        'group:default/platform': {
                          provider: 'pagerduty',
                          scheduleIds: ['PSEARCH'],
                        },
                        'group:default/checkout-team': {
                          provider: 'opsgenie',
                          scheduleIds: ['OG1'],
                        },
                      },
                    },
                  },
                },
              }),
            }),
            catalogBackend,
            serviceGraphBackend,
            notificationsBackend,
            ownershipPlugin,
          ],
        });
        await waitForExpect(async () => {
          const owned = await request(server)
            .get(
              '/api/catalog/entities?filter=kind=component,relations.ownedBy',
            )
            .set('Authorization', mockCredentials.user.header());
          expect(owned.body).toHaveLength(2);
        }, 60_000);

        const route = async (alertname: string, service: string) => {
          const res = await request(server)
            .post('/api/ownership/v1/alerts/alertmanager')
            .set('Authorization', mockCredentials.service.header())
            .send(
              alertmanagerWebhook({
                labels: { alertname, service_name: service },
                annotations: { summary: `${service} failing` },
              }),
            );
          expect(res.status).toBe(200);
          return res.body.decisions[0];
        };
        const oncallsAsked = () =>
          pd.requests.filter(r => r.path === '/oncalls').length;

        // PagerDuty fails and nothing is cached: platform's own rotation.
        pd.setFault({ status: 500 });
        const failed = await route('CurrencyDown', 'currency');
        expect(failed.ownerRef).toBe('group:default/platform');
        expect(failed.oncall).toEqual({
          provider: 'builtin',
          rotation: 'platform-primary',
          current: expect.stringMatching(/^user:default\/(sofia|kenji)$/),
          next: expect.stringMatching(/^user:default\/(sofia|kenji)$/),
          nextAtMs: expect.any(Number),
        });
        expect(failed.explanation).toEqual(
          expect.arrayContaining([
            expect.stringMatching(
              /^The on-call of group:default\/platform could not be read from PagerDuty: PagerDuty GET \/oncalls answered 500/,
            ),
            "Falling back to group:default/platform's built-in rotation platform-primary (spec.oncall).",
          ]),
        );

        // PagerDuty answers: whoever its schedule names now.
        pd.setFault(undefined);
        const paged = await route('CurrencyErrors', 'currency');
        expect(paged.oncall).toMatchObject({
          provider: 'pagerduty',
          rotation: 'Search primary',
          current: 'hana@example.com',
          // PagerDuty's rendered schedule names people without email.
          next: 'Omar Haddad',
        });
        expect(paged.explanation).toContain(
          "group:default/platform's on-call is in PagerDuty, schedule Search primary.",
        );
        expect(paged.explanation).toContain(
          'The on-call now is hana@example.com.',
        );

        // Within the cache's TTL, PagerDuty is not asked again.
        const asked = oncallsAsked();
        const cached = await route('CurrencyLatency', 'currency');
        expect(cached.oncall.current).toBe('hana@example.com');
        expect(oncallsAsked()).toBe(asked);

        // Opsgenie too slow: the alert does not wait for it, and the team
        // (no built-in rotation) gets it, saying why.
        og.setFault({ delayMs: 3 * TIMEOUT_MS });
        const slow = await route('CheckoutErrors', 'checkout');
        expect(slow.ownerRef).toBe('group:default/checkout-team');
        expect(slow.oncall).toBeUndefined();
        expect(slow.decidedInMs).toBeLessThan(3 * TIMEOUT_MS);
        expect(slow.explanation).toEqual(
          expect.arrayContaining([
            `The on-call of group:default/checkout-team could not be read from Opsgenie: no answer within ${TIMEOUT_MS} ms.`,
            'Delivered to the whole team group:default/checkout-team, without an on-call.',
          ]),
        );
        // Its late answer is kept for the next alert.
        await waitForExpect(async () => {
          const later = await route('CheckoutLatency', 'checkout');
          expect(later.oncall).toMatchObject({
            provider: 'opsgenie',
            current: 'kofi@example.com',
            next: 'mara@example.com',
          });
          expect(later.decidedInMs).toBeLessThan(TIMEOUT_MS);
        }, 10_000);

        // The decisions as recorded carry the provider.
        const recorded = await request(server)
          .get(
            '/api/ownership/v1/routing/decisions?ownerRef=group:default/checkout-team',
          )
          .set('Authorization', mockCredentials.user.header());
        expect(recorded.body.items[0].oncall).toMatchObject({
          provider: 'opsgenie',
          current: 'kofi@example.com',
        });
      } finally {
        await Promise.all([pd.close(), og.close()]);
      }
    });
  },
);
