import { createBackendModule } from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import notificationsBackend from '@backstage/plugin-notifications-backend';
import permissionBackend from '@backstage/plugin-permission-backend';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { OWNERSHIP_POSTMORTEM_RESOURCE_TYPE } from '@steward/plugin-ownership-common';
import serviceGraphBackend from '@steward/plugin-service-graph-backend';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import waitForExpect from 'wait-for-expect';
import { alertmanagerWebhook } from './__testUtils__/alertmanagerWebhook';
import { oboHttpAuthServiceFactory } from './__testUtils__/oboHttpAuth';
import {
  dropPluginDatabases,
  pluginDatabases,
} from './__testUtils__/pluginDatabases';
import { testConfig } from './__testUtils__/testConfig';
import {
  createPostmortemConditionalDecision,
  postmortemConditions,
} from './permissions/postmortemRules';
import { ownershipPlugin } from './plugin';

jest.setTimeout(180_000);

const ADMIN = 'user:default/admin';

/** Admins may do anything; others edit postmortems only of their own team. */
class TestPolicy implements PermissionPolicy {
  async handle(
    query: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (user?.info.userEntityRef === ADMIN) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (
      isResourcePermission(query.permission, OWNERSHIP_POSTMORTEM_RESOURCE_TYPE)
    ) {
      return createPostmortemConditionalDecision(
        query.permission,
        postmortemConditions.isOwningTeamMember({
          claims: user?.info.ownershipEntityRefs ?? [],
        }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

const testPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'test-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new TestPolicy());
      },
    });
  },
});

/** A receiver for the outbound webhook, recording what it gets. */
async function startWebhookReceiver() {
  const received: any[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => {
      body += chunk;
    });
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

const databases = pluginDatabases('pm');

afterAll(() => dropPluginDatabases('pm'));

describe.each(databases)(
  'alert responses and postmortems on %s',
  (_, database) => {
    it('acknowledges, reports hygiene, and lets only the owning team or an admin edit', async () => {
      const webhook = await startWebhookReceiver();
      const { server } = await startTestBackend({
        features: [
          permissionsServiceFactory,
          permissionsRegistryServiceFactory,
          oboHttpAuthServiceFactory(),
          mockServices.rootConfig.factory({
            data: testConfig({
              database,
              extra: {
                permission: { enabled: true },
                ownership: { routing: { webhookUrl: webhook.url } },
              },
            }),
          }),
          catalogBackend,
          serviceGraphBackend,
          notificationsBackend,
          permissionBackend,
          testPolicy,
          ownershipPlugin,
        ],
      });
      const as = (userRef: string) => mockCredentials.user.header(userRef);
      const api = (p: string) => `/api/ownership${p}`;

      // An alert about currency with no trace: routed to currency's owner.
      let decision: any;
      await waitForExpect(async () => {
        const res = await request(server)
          .post(api('/v1/alerts/alertmanager'))
          .set('Authorization', mockCredentials.service.header())
          .send(
            alertmanagerWebhook({
              labels: { alertname: 'CurrencyErrors', service_name: 'currency' },
              annotations: { summary: 'currency conversions failing' },
              startsAt: new Date(Date.now() - 120_000).toISOString(),
              generatorURL: 'http://127.0.0.1:9090/graph?g0.expr=up',
            }),
          );
        expect(res.status).toBe(200);
        decision = res.body.decisions[0];
        expect(decision.ownerRef).toBe('group:default/platform');
      }, 60_000);

      // The outbound webhook got the decision with its runbook and why.
      await waitForExpect(() => expect(webhook.received.length).toBe(1));
      expect(webhook.received[0]).toMatchObject({
        id: decision.id,
        alertName: 'CurrencyErrors',
        ownerRef: 'group:default/platform',
        entityRef: 'component:default/currency',
        runbookUrl: 'https://runbooks.example.com/currency',
        tracePath: [],
        oncall: { rotation: 'platform-primary' },
        alert: { summary: 'currency conversions failing' },
      });
      expect(webhook.received[0].explanation.join(' ')).toContain(
        'without a trace',
      );
      await webhook.close();

      // Acknowledged by sofia, then actioned.
      const ack = await request(server)
        .post(api(`/v1/routing/decisions/${decision.id}/acknowledge`))
        .set('Authorization', as('user:default/sofia'));
      expect(ack.status).toBe(200);
      expect(ack.body).toMatchObject({
        acknowledgedBy: 'user:default/sofia',
        actioned: false,
      });
      expect(ack.body.acknowledgedAt).toBeGreaterThanOrEqual(
        decision.receivedAt,
      );
      const actioned = await request(server)
        .post(api(`/v1/routing/decisions/${decision.id}/actioned`))
        .set('Authorization', as('user:default/kenji'))
        .send({ actioned: true });
      expect(actioned.body).toMatchObject({
        actioned: true,
        actionedBy: 'user:default/kenji',
      });
      const badAction = await request(server)
        .post(api(`/v1/routing/decisions/${decision.id}/actioned`))
        .set('Authorization', as('user:default/kenji'))
        .send({ actioned: 'yes' });
      expect(badAction.status).toBe(400);
      expect(badAction.body.error.message).toContain('actioned');
      const missing = await request(server)
        .post(api('/v1/routing/decisions/999999/acknowledge'))
        .set('Authorization', as('user:default/sofia'));
      expect(missing.status).toBe(404);
      const unauthenticated = await request(server)
        .post(api(`/v1/routing/decisions/${decision.id}/acknowledge`))
        .set('Authorization', mockCredentials.user.invalidHeader());
      expect(unauthenticated.status).toBe(401);

      const hygiene = await request(server)
        .get(api('/v1/hygiene?ownerRef=group:default/platform&weeks=2'))
        .set('Authorization', as('user:default/sofia'));
      expect(hygiene.status).toBe(200);
      expect(hygiene.body).toMatchObject({
        total: 1,
        perWeek: [0, 1],
        alertsPerWeek: 0.5,
        acknowledgedShare: 1,
        actionedShare: 1,
        withoutRunbook: 0,
        unacknowledged: 0,
        byAlert: [
          { name: 'CurrencyErrors', service: 'component:default/currency' },
        ],
        unnecessary: [],
      });
      expect(hygiene.body.mttaMs).toBeGreaterThanOrEqual(0);
      const badHygiene = await request(server)
        .get(api('/v1/hygiene?weeks=0'))
        .set('Authorization', as('user:default/sofia'));
      expect(badHygiene.status).toBe(400);
      expect(badHygiene.body.error.message).toContain('weeks');

      // A postmortem from the alert: the author must still say how bad it was.
      const create = (document: Record<string, unknown>, userRef: string) =>
        request(server)
          .post(api('/v1/postmortems'))
          .set('Authorization', as(userRef))
          .send({ decisionId: decision.id, document });
      const incomplete = await create({}, 'user:default/sofia');
      expect(incomplete.status).toBe(400);
      expect(incomplete.body.error.message).toBe(
        'Invalid postmortem: document.severity is required; document.usersImpacted is required',
      );
      const created = await create(
        {
          severity: 'features-broken',
          usersImpacted: 'few',
          causes: ['expired-certificate'],
          sloRefs: ['currency-availability'],
          resolvedAt: new Date().toISOString(),
        },
        'user:default/sofia',
      );
      expect(created.status).toBe(201);
      const postmortem = created.body;
      expect(postmortem).toMatchObject({
        ownerRef: 'group:default/platform',
        decisionId: decision.id,
        createdBy: 'user:default/sofia',
        document: {
          title: 'CurrencyErrors at currency',
          firstSymptom: {
            description: 'currency conversions failing',
            links: [
              'https://runbooks.example.com/currency',
              'http://127.0.0.1:9090/graph?g0.expr=up',
            ],
          },
          contributingServices: ['component:default/currency'],
          alertIds: [String(decision.id)],
          acknowledgedAt: new Date(ack.body.acknowledgedAt).toISOString(),
          sloRefs: ['slo:default/currency-availability'],
        },
      });
      // No SLO plugin in this backend: the link is kept, with why there are no figures.
      expect(postmortem.slos).toEqual([
        {
          sloRef: 'slo:default/currency-availability',
          problem: expect.any(String),
        },
      ]);

      // Editing: diego is not in platform (403); kenji is; so is an admin.
      const edit = (userRef: string, title: string) =>
        request(server)
          .put(api(`/v1/postmortems/${postmortem.id}`))
          .set('Authorization', as(userRef))
          .send({ document: { ...postmortem.document, title } });
      const refused = await edit('user:default/diego', 'Not mine to edit');
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toContain(
        'ownership.postmortem.update',
      );
      const byMember = await edit(
        'user:default/kenji',
        'Currency: expired cert',
      );
      expect(byMember.status).toBe(200);
      expect(byMember.body).toMatchObject({
        updatedBy: 'user:default/kenji',
        document: { title: 'Currency: expired cert' },
      });
      const byAdmin = await edit(ADMIN, 'Currency: expired certificate');
      expect(byAdmin.status).toBe(200);
      const invalidEdit = await request(server)
        .put(api(`/v1/postmortems/${postmortem.id}`))
        .set('Authorization', as('user:default/kenji'))
        .send({ document: { ...postmortem.document, severity: 'meh' } });
      expect(invalidEdit.status).toBe(400);
      expect(invalidEdit.body.error.message).toContain(
        'document.severity must be one of no-visible-impact, features-broken, unavailable-or-data-lost',
      );
      const refusedDelete = await request(server)
        .delete(api(`/v1/postmortems/${postmortem.id}`))
        .set('Authorization', as('user:default/diego'));
      expect(refusedDelete.status).toBe(403);

      // A second incident with the same service and cause is a repeat.
      const second = await request(server)
        .post(api('/v1/postmortems'))
        .set('Authorization', as('user:default/sofia'))
        .send({
          ownerRef: 'group:default/platform',
          document: {
            ...byAdmin.body.document,
            title: 'Currency again',
            timeline: [
              {
                at: new Date().toISOString(),
                event: 'Conversions failed again',
              },
            ],
            sloRefs: [],
            alertIds: [],
            acknowledgedAt: undefined,
            resolvedAt: undefined,
            detectedAt: undefined,
          },
        });
      expect(second.status).toBe(201);
      const stats = await request(server)
        .get(api('/v1/postmortems/stats?ownerRef=group:default/platform'))
        .set('Authorization', as('user:default/sofia'));
      expect(stats.body).toMatchObject({
        incidents: 2,
        unacknowledged: 1,
        unresolved: 1,
        repeats: [
          {
            service: 'component:default/currency',
            cause: 'expired-certificate',
            incidents: [
              { id: String(postmortem.id) },
              { id: String(second.body.id) },
            ],
          },
        ],
      });
      expect(stats.body.mttaMs).toBeGreaterThan(0);
      expect(stats.body.mttrMs).toBeGreaterThan(0);

      const list = await request(server)
        .get(api('/v1/postmortems?ownerRef=group:default/platform'))
        .set('Authorization', as('user:default/diego'));
      expect(list.body.items.map((p: any) => p.id).sort()).toEqual(
        [postmortem.id, second.body.id].sort(),
      );
      const deleted = await request(server)
        .delete(api(`/v1/postmortems/${second.body.id}`))
        .set('Authorization', as('user:default/kenji'));
      expect(deleted.status).toBe(204);
      const gone = await request(server)
        .get(api(`/v1/postmortems/${second.body.id}`))
        .set('Authorization', as('user:default/kenji'));
      expect(gone.status).toBe(404);

      // Org metrics now and a week ago: the alert and the incident are recent.
      const metrics = await request(server)
        .get(api('/v1/metrics/org?points=2&weeks=4'))
        .set('Authorization', as('user:default/diego'));
      expect(metrics.status).toBe(200);
      const [weekAgo, now] = metrics.body.series;
      expect(now.toMs - weekAgo.toMs).toBe(7 * 24 * 3_600_000);
      expect(now.org).toMatchObject({
        components: 2,
        // Only runbooks are linked; platform has a rotation, checkout-team none.
        shares: {
          withOwner: 1,
          completeDocs: 0,
          tracesSeen: 0,
          withOnCall: 0.5,
        },
        alerts: 1,
        noiseShare: 0,
        incidents: 1,
      });
      expect(
        now.teams.find((t: any) => t.group === 'group:default/platform'),
      ).toMatchObject({ components: 1, alerts: 1, incidents: 1 });
      expect(weekAgo.org).toMatchObject({ alerts: 0, incidents: 0 });
      // No SLO plugin here: said, not hidden, and not counted as none.
      expect(now.org.shares.withSlo).toBeUndefined();
      expect(metrics.body.problems.join(' ')).toContain('SLOs');
      // No snapshot a week ago: that moment has no shares.
      expect(weekAgo.stateAtMs).toBeUndefined();
      expect(weekAgo.org.shares).toEqual({});
    });
  },
);
