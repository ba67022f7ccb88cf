import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ServiceFactory } from '@backstage/backend-plugin-api';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { startSloBackend } from '@steward/plugin-slo-backend/testUtils';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import waitForExpect from 'wait-for-expect';
import { FIXTURES, runSteward } from '../__testUtils__/runSteward';

jest.setTimeout(240_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const TOKEN = 'steward-gate-test-token-0123456789';
const NS = 1_000_000n;

/** SERVER spans of one service over the last minutes, `errors` of them failing. */
function traffic(service: string, options: { calls: number; errors: number }) {
  const now = BigInt(Date.now()) * NS;
  const spans = [];
  for (let i = 0; i < options.calls; i++) {
    const end = now - BigInt(i) * 20n * NS;
    spans.push({
      traceId: `${service.length}${i.toString(16)}`.padStart(32, 'a'),
      spanId: (i + 1).toString(16).padStart(16, 'b'),
      name: 'GET /',
      kind: 2,
      startTimeUnixNano: String(end - 5n * NS),
      endTimeUnixNano: String(end),
      status: i < options.errors ? { code: 2 } : {},
    });
  }
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: service } },
          ],
        },
        scopeSpans: [{ spans }],
      },
    ],
  };
}

/**
 * A static plugin key store for the real auth service: its default key
 * store keeps keys in each plugin's database, which the plugins of this test
 * share, and would migrate the same table several times at once.
 */
function pluginKeyStore(dir: string) {
  const { publicKey, privateKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
  });
  const publicKeyFile = path.join(dir, 'public.pem');
  const privateKeyFile = path.join(dir, 'private.pem');
  fs.writeFileSync(
    publicKeyFile,
    publicKey.export({ type: 'spki', format: 'pem' }),
  );
  fs.writeFileSync(
    privateKeyFile,
    privateKey.export({ type: 'pkcs8', format: 'pem' }),
  );
  return {
    type: 'static',
    static: { keys: [{ publicKeyFile, privateKeyFile, keyId: 'gate-test' }] },
  };
}

describe.each(databases.eachSupportedId())(
  'steward gate against the SLO backend on %s',
  databaseId => {
    it('allows, warns, freezes, and records deploys with a static token', async () => {
      const knex = await databases.init(databaseId);
      const keyDir = fs.mkdtempSync(
        path.join(os.tmpdir(), 'steward-gate-keys-'),
      );
      const scheduler = mockServices.scheduler() as ReturnType<
        typeof mockServices.scheduler
      > & { factory(): ServiceFactory };
      const backend = await startSloBackend({
        knex,
        catalogFile: path.join(FIXTURES, 'gate/catalog.yaml'),
        features: [
          scheduler.factory(),
          // The real auth services, so that the pipeline's token is checked
          // as production checks it: a static external access token.
          authServiceFactory,
          httpAuthServiceFactory,
        ],
        config: {
          backend: {
            auth: {
              pluginKeyStore: pluginKeyStore(keyDir),
              externalAccess: [
                {
                  type: 'static',
                  options: { token: TOKEN, subject: 'ci-pipeline' },
                },
              ],
            },
          },
        },
      });
      const url = `http://localhost:${backend.server.port()}`;
      const auth = {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
      };

      for (const [service, calls, errors] of [
        ['payment', 2000, 100], // 5% errors: 50 budgets consumed
        ['cart', 10000, 7], // 0.07% errors: 70% of the budget
        ['shipping', 2000, 0],
      ] as const) {
        const response = await fetch(`${url}/api/service-graph/v1/traces`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify(traffic(service, { calls, errors })),
        });
        expect(response.status).toBe(200);
      }
      await waitForExpect(async () => {
        await scheduler.triggerTask('slo-evaluation');
        const list = await fetch(`${url}/api/slo/v1/slos`, { headers: auth });
        const body = await list.json();
        expect(body.items?.map((i: { state: string }) => i.state)).toEqual([
          'ok',
          'ok',
          'ok',
        ]);
      }, 90_000);

      const gate = (
        args: string[],
        env: NodeJS.ProcessEnv = { STEWARD_TOKEN: TOKEN },
      ) => runSteward(['gate', '--backend', url, ...args], { env });

      const shipping = await gate(['--entity', 'shipping']);
      expect(shipping).toEqual({
        code: 0,
        stdout:
          'component:default/shipping: allow\n' +
          '  Shipping availability (slo:default/shipping-availability): allow, 0.0% of the error budget consumed (warn at 50.0%, freeze at 90.0%)\n',
        stderr: '',
      });

      const cart = await gate(['--entity', 'component:default/cart']);
      expect(cart.code).toBe(0);
      expect(cart.stdout).toBe(
        'component:default/cart: warn\n' +
          '  Cart availability (slo:default/cart-availability): warn, 70.0% of the error budget consumed (warn at 50.0%, freeze at 90.0%)\n' +
          '  reason: Cart availability: 70.0% of the error budget consumed (warn at 50%)\n' +
          'warning: the error budget is running low; the deploy may proceed\n',
      );
      const cartStrict = await gate(['--entity', 'cart', '--fail-on', 'warn']);
      expect(cartStrict.code).toBe(1);
      expect(cartStrict.stdout).toContain(
        'blocked: warn fails the pipeline (--fail-on warn)\n',
      );

      const payment = await gate([
        '--entity',
        'payment',
        '--record-deploy',
        '--version',
        '9.9.9',
      ]);
      expect(payment.code).toBe(1);
      expect(payment.stdout).toBe(
        'component:default/payment: freeze\n' +
          '  Payment availability (slo:default/payment-availability): freeze, error budget spent 50 times over (warn at 50.0%, freeze at 90.0%)\n' +
          '  reason: Payment availability: error budget spent 50 times over (freeze at 90%)\n' +
          'blocked: freeze fails the pipeline (--fail-on freeze)\n',
      );
      const paymentReported = await gate([
        '--entity',
        'payment',
        '--fail-on',
        'never',
        '--format',
        'json',
      ]);
      expect(paymentReported.code).toBe(0);
      expect(JSON.parse(paymentReported.stdout)).toMatchObject({
        entityRef: 'component:default/payment',
        decision: 'freeze',
        exitCode: 0,
      });

      const deployed = await gate([
        '--entity',
        'shipping',
        '--record-deploy',
        '--version',
        '2.0.1',
      ]);
      expect(deployed.code).toBe(0);
      expect(deployed.stdout).toMatch(
        /\nrecorded deploy \d+ of version 2\.0\.1\n$/,
      );
      const deploys = async (entityRef: string) =>
        (
          await (
            await fetch(`${url}/api/slo/v1/deploys?entityRef=${entityRef}`, {
              headers: auth,
            })
          ).json()
        ).items;
      expect(await deploys('component:default/shipping')).toEqual([
        expect.objectContaining({
          version: '2.0.1',
          recordedBy: 'ci-pipeline',
          failed: false,
        }),
      ]);
      // A blocked deploy is not recorded.
      expect(await deploys('component:default/payment')).toEqual([]);

      const anonymous = await gate(['--entity', 'shipping'], {});
      expect(anonymous.code).toBe(2);
      expect(anonymous.stderr).toContain('STEWARD_TOKEN is not set');
      expect(anonymous.stderr).toContain('401');

      await backend.stop();
      fs.rmSync(keyDir, { recursive: true, force: true });
    });
  },
);
