import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ServiceGraphRelationsProcessor } from './ServiceGraphRelationsProcessor';

const location = {
  type: 'url',
  target: 'http://example.com/catalog-info.yaml',
};

const entity = (kind: string, name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name },
});

/** A stand-in for the service-graph plugin answering with `reply`. */
async function serviceGraph() {
  const state = {
    requests: 0,
    authorization: undefined as string | undefined,
    reply: { status: 200, body: { relations: [] } as unknown },
  };
  const server = http.createServer((req, res) => {
    state.requests += 1;
    state.authorization = req.headers.authorization;
    res.writeHead(state.reply.status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(state.reply.body));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { state, baseUrl, close: () => server.close() };
}

function createProcessor(baseUrl: string) {
  const logger = mockServices.logger.mock();
  const processor = ServiceGraphRelationsProcessor.create({
    auth: mockServices.auth({ pluginId: 'catalog' }),
    config: new ConfigReader({
      serviceGraph: { catalog: { refreshSeconds: 3600 } },
    }),
    discovery: {
      getBaseUrl: async () => baseUrl,
      getExternalBaseUrl: async () => baseUrl,
    },
    logger,
  });
  const process = async (e: Entity) => {
    const emitted: CatalogProcessorResult[] = [];
    await processor.postProcessEntity(e, location, r => emitted.push(r));
    return emitted.map(r =>
      r.type === 'relation'
        ? `${r.relation.source.name} ${r.relation.type} ${r.relation.target.name}`
        : r.type,
    );
  };
  return { processor, process, logger };
}

describe('ServiceGraphRelationsProcessor', () => {
  let graph: Awaited<ReturnType<typeof serviceGraph>>;
  beforeEach(async () => {
    graph = await serviceGraph();
  });
  afterEach(() => graph.close());

  it('emits both relations of every pair at both ends', async () => {
    graph.state.reply.body = {
      from: '',
      relations: [
        {
          source: 'component:default/frontend',
          target: 'component:default/cart',
          connectionType: '',
        },
        {
          source: 'component:default/frontend',
          target: 'component:default/cart',
          connectionType: 'messaging_system',
        },
        {
          source: 'component:default/cart',
          target: 'resource:default/cart-cache',
          connectionType: 'database',
        },
      ],
    };
    const { process } = createProcessor(graph.baseUrl);

    expect(await process(entity('Component', 'frontend'))).toEqual([
      'frontend dependsOn cart',
      'cart dependencyOf frontend',
    ]);
    expect(await process(entity('Component', 'cart'))).toEqual([
      'frontend dependsOn cart',
      'cart dependencyOf frontend',
      'cart dependsOn cart-cache',
      'cart-cache dependencyOf cart',
    ]);
    expect(await process(entity('Resource', 'cart-cache'))).toEqual([
      'cart dependsOn cart-cache',
      'cart-cache dependencyOf cart',
    ]);
    expect(await process(entity('Component', 'search'))).toEqual([]);
    expect(await process(entity('System', 'frontend'))).toEqual([]);

    expect(graph.state.requests).toBe(1);
    expect(graph.state.authorization).toMatch(/^Bearer /);
  });

  it('emits nothing and warns while the service graph fails', async () => {
    graph.state.reply = { status: 503, body: { error: { message: 'down' } } };
    const { process, logger } = createProcessor(graph.baseUrl);

    await expect(process(entity('Component', 'frontend'))).resolves.toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('emitting none'),
    );
  });

  it('emits nothing and warns when the service graph is unreachable', async () => {
    graph.close();
    const { process, logger } = createProcessor(graph.baseUrl);

    await expect(process(entity('Component', 'frontend'))).resolves.toEqual([]);
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it('keeps the last relations read while the service graph fails', async () => {
    graph.state.reply.body = {
      relations: [
        {
          source: 'component:default/frontend',
          target: 'component:default/cart',
          connectionType: '',
        },
      ],
    };
    const now = jest.spyOn(Date, 'now');
    try {
      now.mockReturnValue(1_000_000);
      const { process, logger } = createProcessor(graph.baseUrl);
      await process(entity('Component', 'frontend'));

      graph.state.reply = { status: 500, body: {} };
      now.mockReturnValue(1_000_000 + 3_600_000);
      expect(await process(entity('Component', 'frontend'))).toEqual([
        'frontend dependsOn cart',
        'cart dependencyOf frontend',
      ]);
      expect(graph.state.requests).toBe(2);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('keeping the previous ones'),
      );
    } finally {
      now.mockRestore();
    }
  });

  it('rejects an answer that is not relations between entity refs', async () => {
    graph.state.reply.body = { relations: [{ source: '', target: 'x' }] };
    const { process, logger } = createProcessor(graph.baseUrl);

    await expect(process(entity('Component', 'frontend'))).resolves.toEqual([]);
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it('rejects a refresh period that is not positive', () => {
    expect(() =>
      ServiceGraphRelationsProcessor.create({
        auth: mockServices.auth(),
        config: new ConfigReader({
          serviceGraph: { catalog: { refreshSeconds: 0 } },
        }),
        discovery: mockServices.discovery(),
        logger: mockServices.logger.mock(),
      }),
    ).toThrow('serviceGraph.catalog.refreshSeconds must be positive, got 0');
  });
});
