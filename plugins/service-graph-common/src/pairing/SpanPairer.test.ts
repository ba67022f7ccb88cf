import { SpanKind, SpanRecord } from '../spans';
import { SpanPairer } from './SpanPairer';
import {
  TRACE_A,
  TRACE_B,
  buildSpan,
  clientSpan,
  consumerSpan,
  internalSpan,
  manualClock,
  producerSpan,
  serverSpan,
} from './testUtils';
import { ConnectionType, EdgeObservation, PairingCounters } from './types';

const TTL = 1000;

type EdgeRow = [
  client: string,
  server: string,
  connectionType: ConnectionType,
  error: boolean,
];

function row(edge: EdgeObservation): EdgeRow {
  return [edge.client, edge.server, edge.connectionType, edge.error];
}

function counters(values: Partial<PairingCounters>): PairingCounters {
  return {
    received: 0,
    paired: 0,
    virtual: 0,
    expiredUnpaired: 0,
    dropped: 0,
    duplicates: 0,
    pending: 0,
    ...values,
  };
}

type PairingCase = {
  name: string;
  spans: SpanRecord[];
  /** Edges as the spans arrive, in emission order. */
  edges: EdgeRow[];
  countersBefore: Partial<PairingCounters>;
  /** Edges once everything pending has expired. */
  expiredEdges: EdgeRow[];
  countersAfter: Partial<PairingCounters>;
};

// A three-hop trace, like Zipkin's: web (root) → app → database.
const webRoot = serverSpan({ service: 'web', spanId: 'a' });
const webCallsApp = clientSpan({ service: 'web', spanId: 'b', parent: 'a' });
const appServes = serverSpan({ service: 'app', spanId: 'c', parent: 'b' });
const appCallsDb = clientSpan({
  service: 'app',
  spanId: 'd',
  parent: 'c',
  error: true,
  attributes: { 'db.system.name': 'postgresql', 'db.namespace': 'orders' },
});
const threeHops = [appCallsDb, appServes, webCallsApp, webRoot];

function inTrace(traceId: string, spans: SpanRecord[]): SpanRecord[] {
  return spans.map(span => ({ ...span, traceId }));
}

// Cases named after Zipkin's DependencyLinkerTest map its model (local and
// remote endpoints, shared span ids) onto OTLP's (span kind, parent span id,
// peer attributes). Where the answer differs, the comment says why.
const CASES: PairingCase[] = [
  {
    name: 'baseCase: nothing in, nothing out',
    spans: [],
    edges: [],
    countersBefore: {},
    expiredEdges: [],
    countersAfter: {},
  },
  {
    name: 'linksSpans: root server, client→server pair, database client (reverse arrival)',
    spans: threeHops,
    edges: [
      ['app', 'orders', 'database', true],
      ['web', 'app', '', false],
      ['user', 'web', 'virtual_node', false],
    ],
    countersBefore: { received: 4, paired: 1, virtual: 2 },
    expiredEdges: [],
    countersAfter: { received: 4, paired: 1, virtual: 2 },
  },
  {
    name: 'traceIdIsOpaque: any trace id string works',
    spans: inTrace('not-hex-at-all', threeHops),
    edges: [
      ['app', 'orders', 'database', true],
      ['web', 'app', '', false],
      ['user', 'web', 'virtual_node', false],
    ],
    countersBefore: { received: 4, paired: 1, virtual: 2 },
    expiredEdges: [],
    countersAfter: { received: 4, paired: 1, virtual: 2 },
  },
  {
    // The server looks like a root, so it gets the virtual client; the
    // client's peer.service still names the call when it expires.
    name: 'linksSpans_serverMissingParentId: parent id not propagated',
    spans: [
      serverSpan({ service: 'link', spanId: 'c' }),
      clientSpan({
        service: 'arn',
        spanId: 'b',
        parent: 'a',
        attributes: { 'peer.service': 'link' },
      }),
      serverSpan({ service: 'arn', spanId: 'a' }),
    ],
    edges: [
      ['user', 'link', 'virtual_node', false],
      ['user', 'arn', 'virtual_node', false],
    ],
    countersBefore: { received: 3, virtual: 2, pending: 1 },
    expiredEdges: [['arn', 'link', 'virtual_node', false]],
    countersAfter: { received: 3, virtual: 3 },
  },
  {
    // Zipkin's lostChildAndNoParentIdInSharedSpan: OTLP never shares span
    // ids, so a lost client span leaves its server unpaired.
    name: 'client span never sent: the server expires unpaired',
    spans: [webRoot, appServes],
    edges: [['user', 'web', 'virtual_node', false]],
    countersBefore: { received: 2, virtual: 1, pending: 1 },
    expiredEdges: [],
    countersAfter: { received: 2, virtual: 1, expiredUnpaired: 1 },
  },
  {
    // Zipkin needs a broker endpoint; OTLP pairs producer and consumer
    // directly. The paired producer stays pending for further consumers.
    name: 'messaging: producer → consumer (messagingWithoutBroker_noLinks, _withBroker_*)',
    spans: [
      producerSpan({
        service: 'producer',
        spanId: 'a',
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': 'orders',
        },
      }),
      consumerSpan({ service: 'consumer', spanId: 'b', parent: 'a' }),
    ],
    edges: [['producer', 'consumer', 'messaging_system', false]],
    countersBefore: { received: 2, paired: 1, pending: 1 },
    expiredEdges: [],
    countersAfter: { received: 2, paired: 1 },
  },
  {
    name: 'messagingSpansDontLinkWithoutBroker_producer: producer alone names its topic',
    spans: [
      producerSpan({
        service: 'producer',
        spanId: 'a',
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': 'orders',
        },
      }),
    ],
    edges: [],
    countersBefore: { received: 1, pending: 1 },
    expiredEdges: [['producer', 'orders', 'messaging_system', false]],
    countersAfter: { received: 1, virtual: 1 },
  },
  {
    name: 'messagingSpansDontLinkWithoutBroker_consumer: consumer alone is unpaired',
    spans: [consumerSpan({ service: 'consumer', spanId: 'b', parent: 'a' })],
    edges: [],
    countersBefore: { received: 1, pending: 1 },
    expiredEdges: [],
    countersAfter: { received: 1, expiredUnpaired: 1 },
  },
  {
    name: 'producerLinksToServer_childSpan: producer → server is a messaging edge',
    spans: [
      producerSpan({ service: 'producer', spanId: 'a' }),
      serverSpan({ service: 'server', spanId: 'b', parent: 'a' }),
    ],
    edges: [['producer', 'server', 'messaging_system', false]],
    countersBefore: { received: 2, paired: 1, pending: 1 },
    expiredEdges: [],
    countersAfter: { received: 2, paired: 1 },
  },
  {
    // Zipkin refuses; the OTel connectors pair by key whatever the kinds.
    name: 'clientDoesntLinkToConsumer_child: client → consumer pairs here',
    spans: [
      clientSpan({ service: 'client', spanId: 'a' }),
      consumerSpan({ service: 'consumer', spanId: 'b', parent: 'a' }),
    ],
    edges: [['client', 'consumer', 'messaging_system', false]],
    countersBefore: { received: 2, paired: 1 },
    expiredEdges: [],
    countersAfter: { received: 2, paired: 1 },
  },
  {
    name: 'linksSpansDirectedByKind: a root server alone',
    spans: [serverSpan({ service: 'server', spanId: 'a' })],
    edges: [['user', 'server', 'virtual_node', false]],
    countersBefore: { received: 1, virtual: 1 },
    expiredEdges: [],
    countersAfter: { received: 1, virtual: 1 },
  },
  {
    name: 'linksSpansDirectedByKind: a root client alone that knows its peer',
    spans: [
      clientSpan({
        service: 'client',
        spanId: 'a',
        attributes: { 'peer.service': 'server' },
      }),
    ],
    edges: [],
    countersBefore: { received: 1, pending: 1 },
    expiredEdges: [['client', 'server', 'virtual_node', false]],
    countersAfter: { received: 1, virtual: 1 },
  },
  {
    name: 'callsAgainstTheSameLinkIncreasesCallCount_span: two calls to an uninstrumented peer',
    spans: [
      serverSpan({ service: 'client', spanId: 'a' }),
      clientSpan({
        service: 'client',
        spanId: 'b',
        parent: 'a',
        attributes: { 'peer.service': 'server' },
      }),
      clientSpan({
        service: 'client',
        spanId: 'c',
        parent: 'a',
        attributes: { 'peer.service': 'server' },
      }),
    ],
    edges: [['user', 'client', 'virtual_node', false]],
    countersBefore: { received: 3, virtual: 1, pending: 2 },
    expiredEdges: [
      ['client', 'server', 'virtual_node', false],
      ['client', 'server', 'virtual_node', false],
    ],
    countersAfter: { received: 3, virtual: 3 },
  },
  {
    // Zipkin counts a trace put twice twice; here the same span ids are a
    // re-sent export and count once.
    name: 'callsAgainstTheSameLinkIncreasesCallCount_trace: the same trace re-sent counts once',
    spans: [webRoot, webCallsApp, appServes, webRoot, webCallsApp, appServes],
    edges: [
      ['user', 'web', 'virtual_node', false],
      ['web', 'app', '', false],
    ],
    countersBefore: { received: 6, paired: 1, virtual: 1, duplicates: 3 },
    expiredEdges: [],
    countersAfter: { received: 6, paired: 1, virtual: 1, duplicates: 3 },
  },
  {
    name: 'callsAgainstTheSameLinkIncreasesCallCount_trace: two traces count twice',
    spans: [
      ...inTrace(TRACE_A, [webCallsApp, appServes]),
      ...inTrace(TRACE_B, [webCallsApp, appServes]),
    ],
    edges: [
      ['web', 'app', '', false],
      ['web', 'app', '', false],
    ],
    countersBefore: { received: 4, paired: 2 },
    expiredEdges: [],
    countersAfter: { received: 4, paired: 2 },
  },
  {
    name: 'singleHostSpansResultInASingleCallCount: client then server',
    spans: [
      clientSpan({ service: 'client', spanId: 'a' }),
      serverSpan({ service: 'server', spanId: 'b', parent: 'a' }),
    ],
    edges: [['client', 'server', '', false]],
    countersBefore: { received: 2, paired: 1 },
    expiredEdges: [],
    countersAfter: { received: 2, paired: 1 },
  },
  {
    name: 'singleHostSpansResultInASingleErrorCount: both sides failed, one error',
    spans: [
      clientSpan({ service: 'client', spanId: 'a', error: true }),
      serverSpan({ service: 'server', spanId: 'b', parent: 'a', error: true }),
    ],
    edges: [['client', 'server', '', true]],
    countersBefore: { received: 2, paired: 1 },
    expiredEdges: [],
    countersAfter: { received: 2, paired: 1 },
  },
  {
    name: 'linksSingleHostSpans_errorOnClient: the client failed',
    spans: [
      clientSpan({ service: 'web', spanId: 'a', error: true }),
      serverSpan({ service: 'app', spanId: 'b', parent: 'a' }),
    ],
    edges: [['web', 'app', '', true]],
    countersBefore: { received: 2, paired: 1 },
    expiredEdges: [],
    countersAfter: { received: 2, paired: 1 },
  },
  {
    name: 'error on the server side only',
    spans: [
      clientSpan({ service: 'web', spanId: 'a' }),
      serverSpan({ service: 'app', spanId: 'b', parent: 'a', error: true }),
    ],
    edges: [['web', 'app', '', true]],
    countersBefore: { received: 2, paired: 1 },
    expiredEdges: [],
    countersAfter: { received: 2, paired: 1 },
  },
  {
    name: 'singleHostSpansResultInASingleCallCount_defersNameToServer: the server names itself',
    spans: [
      clientSpan({
        service: 'client',
        spanId: 'a',
        attributes: { 'peer.service': 'server-alias' },
      }),
      serverSpan({ service: 'server', spanId: 'b', parent: 'a' }),
    ],
    edges: [['client', 'server', '', false]],
    countersBefore: { received: 2, paired: 1 },
    expiredEdges: [],
    countersAfter: { received: 2, paired: 1 },
  },
  {
    // One client call is one call; a second server child can't pair.
    name: 'singleHostSpans_multipleChildren: client first',
    spans: [
      clientSpan({ service: 'client', spanId: 'a' }),
      serverSpan({ service: 'server', spanId: 'b', parent: 'a', error: true }),
      serverSpan({ service: 'server', spanId: 'c', parent: 'a' }),
    ],
    edges: [['client', 'server', '', true]],
    countersBefore: { received: 3, paired: 1, pending: 1 },
    expiredEdges: [],
    countersAfter: { received: 3, paired: 1, expiredUnpaired: 1 },
  },
  {
    name: 'singleHostSpans_multipleChildren: servers first, the first one pairs',
    spans: [
      serverSpan({ service: 'server', spanId: 'b', parent: 'a', error: true }),
      serverSpan({ service: 'server', spanId: 'c', parent: 'a' }),
      clientSpan({ service: 'client', spanId: 'a' }),
    ],
    edges: [['client', 'server', '', true]],
    countersBefore: { received: 3, paired: 1, pending: 1 },
    expiredEdges: [],
    countersAfter: { received: 3, paired: 1, expiredUnpaired: 1 },
  },
  {
    name: 'intermediatedClientSpans…LinkToNearestServer: an internal span between server and clients',
    spans: [
      serverSpan({ service: 'client', spanId: 'a' }),
      internalSpan({ service: 'client', spanId: 'b', parent: 'a' }),
      clientSpan({
        service: 'client',
        spanId: 'c',
        parent: 'b',
        attributes: { 'server.address': 'server' },
      }),
      clientSpan({
        service: 'client',
        spanId: 'd',
        parent: 'b',
        attributes: { 'server.address': 'server' },
      }),
    ],
    edges: [['user', 'client', 'virtual_node', false]],
    countersBefore: { received: 4, virtual: 1, pending: 2 },
    expiredEdges: [
      ['client', 'server', 'virtual_node', false],
      ['client', 'server', 'virtual_node', false],
    ],
    countersAfter: { received: 4, virtual: 3 },
  },
  {
    // Zipkin drops these errors; the caller's view of an uninstrumented
    // peer failing is exactly what a dependency's error rate is for.
    name: 'errorsOnUninstrumentedLinks: client errors count on the virtual edge',
    spans: [
      serverSpan({ service: 'client', spanId: 'a' }),
      internalSpan({ service: 'client', spanId: 'b', parent: 'a' }),
      clientSpan({
        service: 'client',
        spanId: 'c',
        parent: 'b',
        error: true,
        attributes: { 'server.address': 'server' },
      }),
      clientSpan({
        service: 'client',
        spanId: 'd',
        parent: 'b',
        error: true,
        attributes: { 'server.address': 'server' },
      }),
    ],
    edges: [['user', 'client', 'virtual_node', false]],
    countersBefore: { received: 4, virtual: 1, pending: 2 },
    expiredEdges: [
      ['client', 'server', 'virtual_node', true],
      ['client', 'server', 'virtual_node', true],
    ],
    countersAfter: { received: 4, virtual: 3 },
  },
  {
    name: 'errorsOnInstrumentedLinks: foo → bar paired, bar → baz uninstrumented with one error',
    spans: [
      serverSpan({ service: 'foo', spanId: 'a' }),
      clientSpan({ service: 'foo', spanId: 'c', parent: 'a' }),
      clientSpan({ service: 'foo', spanId: 'd', parent: 'a' }),
      serverSpan({ service: 'bar', spanId: 'e', parent: 'c' }),
      serverSpan({ service: 'bar', spanId: 'f', parent: 'd' }),
      clientSpan({
        service: 'bar',
        spanId: 'g',
        parent: 'e',
        error: true,
        attributes: { 'peer.service': 'baz' },
      }),
      clientSpan({
        service: 'bar',
        spanId: 'h',
        parent: 'f',
        attributes: { 'peer.service': 'baz' },
      }),
    ],
    edges: [
      ['user', 'foo', 'virtual_node', false],
      ['foo', 'bar', '', false],
      ['foo', 'bar', '', false],
    ],
    countersBefore: { received: 7, paired: 2, virtual: 1, pending: 2 },
    expiredEdges: [
      ['bar', 'baz', 'virtual_node', true],
      ['bar', 'baz', 'virtual_node', false],
    ],
    countersAfter: { received: 7, paired: 2, virtual: 3 },
  },
  {
    name: 'annotationNamedErrorDoesntIncrementErrorCount: only the status is an error',
    spans: [
      {
        ...clientSpan({
          service: 'foo',
          spanId: 'c',
          parent: 'b',
          attributes: { 'peer.service': 'bar' },
        }),
        events: [{ timeUnixMs: 1005, name: 'error', attributes: {} }],
      },
    ],
    edges: [],
    countersBefore: { received: 1, pending: 1 },
    expiredEdges: [['foo', 'bar', 'virtual_node', false]],
    countersAfter: { received: 1, virtual: 1 },
  },
  {
    name: 'linksLoopbackSpans: a service calling itself is a real edge',
    spans: [
      serverSpan({ service: 'service', spanId: 'a' }),
      clientSpan({ service: 'service', spanId: 'b', parent: 'a' }),
      serverSpan({ service: 'service', spanId: 'c', parent: 'b' }),
    ],
    edges: [
      ['user', 'service', 'virtual_node', false],
      ['service', 'service', '', false],
    ],
    countersBefore: { received: 3, paired: 1, virtual: 1 },
    expiredEdges: [],
    countersAfter: { received: 3, paired: 1, virtual: 1 },
  },
  {
    name: 'linksLoopbackSpans: a root client naming its own service as the peer',
    spans: [
      clientSpan({
        service: 'service',
        spanId: 'b',
        attributes: { 'peer.service': 'service' },
      }),
    ],
    edges: [],
    countersBefore: { received: 1, pending: 1 },
    expiredEdges: [['service', 'service', 'virtual_node', false]],
    countersAfter: { received: 1, virtual: 1 },
  },
  {
    // Zipkin treats kind-less spans as clients; the OTel connectors (and
    // this pairer) only pair CLIENT, SERVER, PRODUCER and CONSUMER spans.
    name: 'noSpanKindTreatedSameAsClient: INTERNAL and UNSPECIFIED spans are only counted',
    spans: [
      buildSpan(SpanKind.UNSPECIFIED, {
        service: 'some-client',
        spanId: 'a',
        attributes: { 'peer.service': 'web' },
      }),
      internalSpan({
        service: 'web',
        spanId: 'b',
        parent: 'a',
        attributes: { 'peer.service': 'app' },
      }),
      buildSpan(SpanKind.UNSPECIFIED, {
        service: 'app',
        spanId: 'c',
        parent: 'b',
        error: true,
      }),
    ],
    edges: [],
    countersBefore: { received: 3 },
    expiredEdges: [],
    countersAfter: { received: 3 },
  },
  {
    name: 'cannotLinkSingleSpanWithoutBothServiceNames: a client with no peer name',
    spans: [clientSpan({ service: 'client', spanId: 'a' })],
    edges: [],
    countersBefore: { received: 1, pending: 1 },
    expiredEdges: [],
    countersAfter: { received: 1, expiredUnpaired: 1 },
  },
  {
    name: 'doesntLinkUnrelatedSpansWhenMissingRootSpan: two servers under one missing parent',
    spans: [
      serverSpan({ service: 'service1', spanId: 'b', parent: 'a' }),
      serverSpan({ service: 'service2', spanId: 'c', parent: 'a' }),
    ],
    edges: [],
    countersBefore: { received: 2, pending: 1 },
    expiredEdges: [],
    countersAfter: { received: 2, expiredUnpaired: 2 },
  },
  {
    // Zipkin links service1 → service2 from the whole trace; keys alone
    // can't: c's parent is a SERVER span, which waits on the server side.
    name: 'linksRelatedSpansWhenMissingRootSpan: server directly under server',
    spans: [
      serverSpan({ service: 'service1', spanId: 'b', parent: 'a' }),
      serverSpan({ service: 'service2', spanId: 'c', parent: 'b' }),
    ],
    edges: [],
    countersBefore: { received: 2, pending: 2 },
    expiredEdges: [],
    countersAfter: { received: 2, expiredUnpaired: 2 },
  },
  {
    name: "missingSpan: the callee's server span is missing",
    spans: [
      serverSpan({ service: 'web', spanId: 'a' }),
      clientSpan({ service: 'app', spanId: 'b', parent: 'a' }),
    ],
    edges: [['user', 'web', 'virtual_node', false]],
    countersBefore: { received: 2, virtual: 1, pending: 1 },
    expiredEdges: [],
    countersAfter: { received: 2, virtual: 1, expiredUnpaired: 1 },
  },
  {
    name: 'missing intermediate spans: grandchild server under a lost client',
    spans: [
      serverSpan({ service: 'web', spanId: 'a' }),
      // web's client span 'b' and app's server span 'c' never arrive.
      clientSpan({ service: 'app', spanId: 'd', parent: 'c' }),
      serverSpan({ service: 'db-proxy', spanId: 'e', parent: 'd' }),
    ],
    edges: [
      ['user', 'web', 'virtual_node', false],
      ['app', 'db-proxy', '', false],
    ],
    countersBefore: { received: 3, paired: 1, virtual: 1 },
    expiredEdges: [],
    countersAfter: { received: 3, paired: 1, virtual: 1 },
  },
  {
    name: 'out of order: server before client',
    spans: [
      serverSpan({ service: 'app', spanId: 'b', parent: 'a' }),
      clientSpan({ service: 'web', spanId: 'a' }),
    ],
    edges: [['web', 'app', '', false]],
    countersBefore: { received: 2, paired: 1 },
    expiredEdges: [],
    countersAfter: { received: 2, paired: 1 },
  },
  {
    name: 'duplicate client while pending: ignored, the first copy wins',
    spans: [
      clientSpan({ service: 'web', spanId: 'a', error: true }),
      clientSpan({ service: 'web', spanId: 'a' }),
      serverSpan({ service: 'app', spanId: 'b', parent: 'a' }),
    ],
    edges: [['web', 'app', '', true]],
    countersBefore: { received: 3, paired: 1, duplicates: 1 },
    expiredEdges: [],
    countersAfter: { received: 3, paired: 1, duplicates: 1 },
  },
  {
    name: 'duplicate server while pending: ignored',
    spans: [
      serverSpan({ service: 'app', spanId: 'b', parent: 'a' }),
      serverSpan({ service: 'app', spanId: 'b', parent: 'a' }),
    ],
    edges: [],
    countersBefore: { received: 2, duplicates: 1, pending: 1 },
    expiredEdges: [],
    countersAfter: { received: 2, duplicates: 1, expiredUnpaired: 1 },
  },
  {
    name: 'duplicate root server and database span: counted once',
    spans: [webRoot, webRoot, appCallsDb, appCallsDb],
    edges: [
      ['user', 'web', 'virtual_node', false],
      ['app', 'orders', 'database', true],
    ],
    countersBefore: { received: 4, virtual: 2, duplicates: 2 },
    expiredEdges: [],
    countersAfter: { received: 4, virtual: 2, duplicates: 2 },
  },
  {
    name: 'span links: producer and consumer in different traces',
    spans: [
      consumerSpan({
        service: 'billing',
        spanId: 'x',
        traceId: TRACE_B,
        links: [{ traceId: TRACE_A, spanId: 'p' }],
      }),
      producerSpan({ service: 'checkout', spanId: 'p', traceId: TRACE_A }),
    ],
    edges: [['checkout', 'billing', 'messaging_system', false]],
    countersBefore: { received: 2, paired: 1, pending: 1 },
    expiredEdges: [],
    countersAfter: { received: 2, paired: 1 },
  },
  {
    name: 'span links: a batch consumer pairs with each linked producer',
    spans: [
      consumerSpan({
        service: 'billing',
        spanId: 'x',
        traceId: TRACE_B,
        links: [
          { traceId: TRACE_A, spanId: 'p1' },
          { traceId: TRACE_A, spanId: 'p2' },
          { traceId: TRACE_A, spanId: 'p1' },
        ],
      }),
      producerSpan({ service: 'checkout', spanId: 'p1', traceId: TRACE_A }),
      producerSpan({ service: 'cart', spanId: 'p2', traceId: TRACE_A }),
    ],
    edges: [
      ['checkout', 'billing', 'messaging_system', false],
      ['cart', 'billing', 'messaging_system', false],
    ],
    countersBefore: { received: 3, paired: 2, pending: 2 },
    expiredEdges: [],
    countersAfter: { received: 3, paired: 2 },
  },
  {
    // The parent (a receive span, say) never pairs; having paired through
    // its link, the consumer is not counted as unpaired.
    name: 'span links: consumer paired through a link, its parent never',
    spans: [
      producerSpan({ service: 'checkout', spanId: 'p', traceId: TRACE_A }),
      consumerSpan({
        service: 'billing',
        spanId: 'x',
        parent: 'r',
        traceId: TRACE_B,
        links: [{ traceId: TRACE_A, spanId: 'p' }],
      }),
    ],
    edges: [['checkout', 'billing', 'messaging_system', false]],
    countersBefore: { received: 2, paired: 1, pending: 2 },
    expiredEdges: [],
    countersAfter: { received: 2, paired: 1 },
  },
  {
    name: 'span links: a consumer with neither parent nor link pairs nowhere',
    spans: [
      consumerSpan({
        service: 'billing',
        spanId: 'x',
        parent: 'r',
        traceId: TRACE_B,
        links: [{ traceId: TRACE_A, spanId: 'p' }],
      }),
    ],
    edges: [],
    countersBefore: { received: 1, pending: 2 },
    expiredEdges: [],
    countersAfter: { received: 1, expiredUnpaired: 1 },
  },
  {
    name: 'span links: a link to its own parent pairs once',
    spans: [
      producerSpan({ service: 'checkout', spanId: 'p' }),
      consumerSpan({
        service: 'billing',
        spanId: 'x',
        parent: 'p',
        links: [{ traceId: TRACE_A, spanId: 'p' }],
      }),
    ],
    edges: [['checkout', 'billing', 'messaging_system', false]],
    countersBefore: { received: 2, paired: 1, pending: 1 },
    expiredEdges: [],
    countersAfter: { received: 2, paired: 1 },
  },
  {
    name: 'messaging fan-out: consumers before and after the producer all pair',
    spans: [
      consumerSpan({ service: 'billing', spanId: 'b', parent: 'p' }),
      consumerSpan({ service: 'shipping', spanId: 'c', parent: 'p' }),
      producerSpan({ service: 'checkout', spanId: 'p' }),
      consumerSpan({ service: 'email', spanId: 'd', parent: 'p' }),
    ],
    edges: [
      ['checkout', 'billing', 'messaging_system', false],
      ['checkout', 'shipping', 'messaging_system', false],
      ['checkout', 'email', 'messaging_system', false],
    ],
    countersBefore: { received: 4, paired: 3, pending: 1 },
    expiredEdges: [],
    countersAfter: { received: 4, paired: 3 },
  },
  {
    name: 'root consumer without links: unpairable at once, still an operation',
    spans: [consumerSpan({ service: 'billing', spanId: 'x' })],
    edges: [],
    countersBefore: { received: 1, expiredUnpaired: 1 },
    expiredEdges: [],
    countersAfter: { received: 1, expiredUnpaired: 1 },
  },
  {
    name: 'a producer is never a database span',
    spans: [
      producerSpan({
        service: 'checkout',
        spanId: 'p',
        attributes: { 'db.system': 'redis', 'messaging.system': 'redis' },
      }),
    ],
    edges: [],
    countersBefore: { received: 1, pending: 1 },
    expiredEdges: [['checkout', 'redis', 'messaging_system', false]],
    countersAfter: { received: 1, virtual: 1 },
  },
];

// Each case also given all at once: addAll asks about duplicates for the
// whole batch before pairing any of it, and must still agree with add.
const INGESTS: Array<
  [string, (pairer: SpanPairer, spans: SpanRecord[]) => void]
> = [
  ['span by span', (pairer, spans) => spans.forEach(span => pairer.add(span))],
  ['in one addAll', (pairer, spans) => pairer.addAll(spans)],
];

describe.each(INGESTS)('SpanPairer pairing cases, %s', (_how, ingest) => {
  it.each(CASES)('$name', testCase => {
    const clock = manualClock();
    const pairer = SpanPairer.create({ ttlMs: TTL, now: clock.now });
    ingest(pairer, testCase.spans);
    expect(pairer.drain().edges.map(row)).toEqual(testCase.edges);
    expect(pairer.counters()).toEqual(counters(testCase.countersBefore));

    clock.advance(TTL);
    pairer.expire();
    expect(pairer.drain().edges.map(row)).toEqual(testCase.expiredEdges);
    expect(pairer.counters()).toEqual(counters(testCase.countersAfter));
  });
});

describe('SpanPairer edge fields', () => {
  const client = clientSpan({
    service: 'web',
    spanId: 'a',
    startUnixMs: 1000,
    endUnixMs: 1250,
    attributes: { 'peer.service': 'app' },
  });
  const server = serverSpan({
    service: 'app',
    spanId: 'b',
    parent: 'a',
    traceId: TRACE_A,
    startUnixMs: 1010,
    endUnixMs: 1200,
    error: true,
  });
  const callerView: EdgeObservation = {
    client: 'web',
    server: 'app',
    connectionType: '',
    timeUnixMs: 1000,
    durationMs: 250,
    error: true,
    traceId: TRACE_A,
  };

  it.each([
    ['client first', [client, server]],
    ['server first', [server, client]],
  ])('takes time and duration from the client (%s)', (_, spans) => {
    const pairer = SpanPairer.create();
    spans.forEach(span => pairer.add(span));
    expect(pairer.drain().edges).toEqual([callerView]);
  });

  it('takes them from the server when the client is virtual', () => {
    const pairer = SpanPairer.create({ virtualClientName: 'internet' });
    pairer.add({ ...server, parentSpanId: undefined });
    expect(pairer.drain().edges).toEqual([
      {
        client: 'internet',
        server: 'app',
        connectionType: 'virtual_node',
        timeUnixMs: 1010,
        durationMs: 190,
        error: true,
        traceId: TRACE_A,
      },
    ]);
  });

  it('keeps the client view on a virtual server at expiry', () => {
    const clock = manualClock();
    const pairer = SpanPairer.create({ ttlMs: TTL, now: clock.now });
    pairer.add(client);
    clock.advance(TTL);
    pairer.expire();
    expect(pairer.drain().edges).toEqual([
      { ...callerView, connectionType: 'virtual_node', error: false },
    ]);
  });

  it("uses the producer's trace for messaging across traces", () => {
    const pairer = SpanPairer.create();
    pairer.add(
      consumerSpan({
        service: 'billing',
        spanId: 'x',
        traceId: TRACE_B,
        startUnixMs: 5000,
        endUnixMs: 5100,
        links: [{ traceId: TRACE_A, spanId: 'p' }],
      }),
    );
    pairer.add(
      producerSpan({
        service: 'checkout',
        spanId: 'p',
        startUnixMs: 900,
        endUnixMs: 902,
      }),
    );
    expect(pairer.drain().edges).toEqual([
      {
        client: 'checkout',
        server: 'billing',
        connectionType: 'messaging_system',
        timeUnixMs: 900,
        durationMs: 2,
        error: false,
        traceId: TRACE_A,
      },
    ]);
  });

  it('clamps a negative duration (clock skew) to zero', () => {
    const pairer = SpanPairer.create();
    pairer.add(serverSpan({ service: 'app', spanId: 'a', endUnixMs: 990 }));
    expect(pairer.drain().edges[0].durationMs).toBe(0);
  });
});

describe('SpanPairer database spans', () => {
  it.each([
    [{ 'db.system.name': 'postgresql', 'db.namespace': 'orders' }, 'orders'],
    [{ 'db.system': 'mysql', 'db.name': 'legacy' }, 'legacy'],
    [{ 'db.system': 'mysql', 'db.namespace': 'new', 'db.name': 'old' }, 'new'],
    [{ 'db.system.name': 'redis' }, 'redis'],
    [{ 'db.system': 'mongodb' }, 'mongodb'],
    [{ 'db.system.name': 'postgresql', 'db.system': 'postgres' }, 'postgresql'],
    [{ 'db.system': 'redis', 'peer.service': 'cache' }, 'redis'],
  ])('%j → database node %p, at once', (attributes, name) => {
    const pairer = SpanPairer.create();
    pairer.add(
      clientSpan({
        service: 'app',
        spanId: 'd',
        attributes,
        startUnixMs: 1000,
        endUnixMs: 1003,
      }),
    );
    expect(pairer.drain().edges).toEqual([
      {
        client: 'app',
        server: name,
        connectionType: 'database',
        timeUnixMs: 1000,
        durationMs: 3,
        error: false,
        traceId: TRACE_A,
      },
    ]);
    expect(pairer.counters()).toEqual(counters({ received: 1, virtual: 1 }));
  });

  it('reads db.system from the resource after the span', () => {
    const pairer = SpanPairer.create();
    pairer.add(
      clientSpan({
        service: 'app',
        spanId: 'd',
        resource: { 'db.system': 'sqlite' },
      }),
    );
    expect(pairer.drain().edges.map(row)).toEqual([
      ['app', 'sqlite', 'database', false],
    ]);
  });
});

describe('SpanPairer virtual server names at expiry', () => {
  it.each([
    [
      SpanKind.CLIENT,
      { 'service.peer.name': 'a', 'peer.service': 'b' },
      'a',
      'virtual_node',
    ],
    [
      SpanKind.CLIENT,
      { 'peer.service': 'b', 'messaging.system': 'c' },
      'b',
      'virtual_node',
    ],
    [
      SpanKind.CLIENT,
      { 'messaging.destination.name': 'topic', 'messaging.system': 'c' },
      'c',
      'virtual_node',
    ],
    [
      SpanKind.PRODUCER,
      { 'messaging.destination.name': 'topic', 'messaging.system': 'c' },
      'topic',
      'messaging_system',
    ],
    [
      SpanKind.PRODUCER,
      { 'peer.service': 'b', 'messaging.destination.name': 'topic' },
      'b',
      'messaging_system',
    ],
    [
      SpanKind.CLIENT,
      { 'messaging.system': 'c', 'server.address': 'd' },
      'c',
      'virtual_node',
    ],
    [SpanKind.CLIENT, { 'server.address': 'd' }, 'd', 'virtual_node'],
  ] as const)('kind %p with %j → %p (%p)', (kind, attributes, name, type) => {
    const clock = manualClock();
    const pairer = SpanPairer.create({ ttlMs: TTL, now: clock.now });
    pairer.add(buildSpan(kind, { service: 'caller', spanId: 'a', attributes }));
    clock.advance(TTL);
    pairer.expire();
    expect(pairer.drain().edges.map(row)).toEqual([
      ['caller', name, type, false],
    ]);
    expect(pairer.counters()).toEqual(counters({ received: 1, virtual: 1 }));
  });
});

describe('SpanPairer expiry', () => {
  it('expires by arrival time, exactly at the TTL, oldest first', () => {
    const clock = manualClock(50_000);
    const pairer = SpanPairer.create({ ttlMs: TTL, now: clock.now });
    const early = clientSpan({
      service: 'web',
      spanId: 'a',
      attributes: { 'peer.service': 'early' },
      // Span timestamps don't matter: only arrival does.
      startUnixMs: 0,
      endUnixMs: 1,
    });
    const late = clientSpan({
      service: 'web',
      spanId: 'b',
      attributes: { 'peer.service': 'late' },
    });
    pairer.add(early);
    clock.advance(400);
    pairer.add(late);

    clock.advance(TTL - 401);
    pairer.expire();
    expect(pairer.drain().edges).toEqual([]);
    expect(pairer.counters().pending).toBe(2);

    clock.advance(1);
    pairer.expire();
    expect(pairer.drain().edges.map(edge => edge.server)).toEqual(['early']);
    expect(pairer.counters().pending).toBe(1);

    clock.advance(400);
    pairer.expire();
    expect(pairer.drain().edges.map(edge => edge.server)).toEqual(['late']);
    expect(pairer.counters()).toEqual(counters({ received: 2, virtual: 2 }));
  });

  it('pairs a server arriving just before the TTL, not one after', () => {
    const clock = manualClock();
    const pairer = SpanPairer.create({ ttlMs: TTL, now: clock.now });
    pairer.add(clientSpan({ service: 'web', spanId: 'a' }));
    pairer.add(clientSpan({ service: 'web', spanId: 'b' }));
    clock.advance(TTL - 1);
    pairer.expire();
    pairer.add(serverSpan({ service: 'app', spanId: 'x', parent: 'a' }));
    clock.advance(1);
    pairer.expire();
    pairer.add(serverSpan({ service: 'app', spanId: 'y', parent: 'b' }));
    expect(pairer.drain().edges.map(row)).toEqual([['web', 'app', '', false]]);
    expect(pairer.counters()).toEqual(
      counters({ received: 4, paired: 1, expiredUnpaired: 1, pending: 1 }),
    );
  });
});

describe('SpanPairer memory bound', () => {
  it('evicts the oldest pending spans beyond maxPending and counts them dropped', () => {
    const clock = manualClock();
    const pairer = SpanPairer.create({
      ttlMs: TTL,
      maxPending: 2,
      now: clock.now,
    });
    for (const spanId of ['a', 'b', 'c', 'd']) {
      pairer.add(
        clientSpan({
          service: 'web',
          spanId,
          attributes: { 'peer.service': `peer-${spanId}` },
        }),
      );
    }
    expect(pairer.counters()).toEqual(
      counters({ received: 4, dropped: 2, pending: 2 }),
    );

    // The evicted client's server can no longer pair, and waiting evicts
    // client c; client d, still pending, pairs.
    pairer.add(serverSpan({ service: 'app', spanId: 'x', parent: 'a' }));
    pairer.add(serverSpan({ service: 'app', spanId: 'y', parent: 'd' }));
    expect(pairer.drain().edges.map(row)).toEqual([['web', 'app', '', false]]);
    expect(pairer.counters()).toEqual(
      counters({ received: 6, paired: 1, dropped: 3, pending: 1 }),
    );

    clock.advance(TTL);
    pairer.expire();
    expect(pairer.drain().edges.map(row)).toEqual([]);
    expect(pairer.counters()).toEqual(
      counters({ received: 6, paired: 1, dropped: 3, expiredUnpaired: 1 }),
    );
  });

  it('evicts and expires in arrival order after the oldest paired and its key came back', () => {
    const clock = manualClock();
    const pairer = SpanPairer.create({
      ttlMs: TTL,
      maxPending: 3,
      dedupeWindow: 0,
      now: clock.now,
    });
    const client = (spanId: string) =>
      clientSpan({
        service: 'web',
        spanId,
        attributes: { 'peer.service': `peer-${spanId}` },
      });
    for (const spanId of ['a', 'b', 'c']) pairer.add(client(spanId));
    // Nothing is due yet, but expiry has looked at the oldest entry, a.
    pairer.expire();
    pairer.add(serverSpan({ service: 'app', spanId: 'x', parent: 'a' }));
    clock.advance(1);
    // a waits again under its old key, now the youngest entry.
    pairer.add(client('a'));
    pairer.add(client('d'));
    pairer.add(client('e'));
    expect(pairer.counters()).toEqual(
      counters({ received: 7, paired: 1, dropped: 2, pending: 3 }),
    );
    pairer.drain();

    clock.advance(TTL);
    pairer.expire();
    expect(pairer.drain().edges.map(row)).toEqual([
      ['web', 'peer-a', 'virtual_node', false],
      ['web', 'peer-d', 'virtual_node', false],
      ['web', 'peer-e', 'virtual_node', false],
    ]);
    pairer.add(client('f'));
    clock.advance(TTL);
    pairer.expire();
    expect(pairer.drain().edges.map(row)).toEqual([
      ['web', 'peer-f', 'virtual_node', false],
    ]);
  });

  it('does not count an evicted, already paired producer as dropped', () => {
    const pairer = SpanPairer.create({ maxPending: 1 });
    pairer.add(producerSpan({ service: 'checkout', spanId: 'p' }));
    pairer.add(consumerSpan({ service: 'billing', spanId: 'b', parent: 'p' }));
    pairer.add(clientSpan({ service: 'web', spanId: 'c' }));
    expect(pairer.counters()).toEqual(
      counters({ received: 3, paired: 1, pending: 1 }),
    );
  });

  it('remembers at least the last dedupeWindow ids, at most twice as many', () => {
    const pairer = SpanPairer.create({ dedupeWindow: 2 });
    const root = (spanId: string) => serverSpan({ service: 'web', spanId });
    // a, b fill a generation; a is caught; c, d fill the next, which
    // pushes a, b out; a is new again.
    for (const spanId of ['a', 'b', 'a', 'c', 'd', 'a', 'd']) {
      pairer.add(root(spanId));
    }
    expect(pairer.drain().edges.map(edge => edge.traceId)).toHaveLength(5);
    expect(pairer.counters().duplicates).toBe(2);
  });

  it('still ignores a duplicate pending client with deduplication off', () => {
    const pairer = SpanPairer.create({ dedupeWindow: 0 });
    pairer.add(clientSpan({ service: 'web', spanId: 'a' }));
    pairer.add(clientSpan({ service: 'web', spanId: 'a' }));
    expect(pairer.counters()).toEqual(
      counters({ received: 2, duplicates: 1, pending: 1 }),
    );
  });
});

describe('SpanPairer output', () => {
  it('emits an operation for each SERVER and CONSUMER span, none for others', () => {
    const pairer = SpanPairer.create();
    pairer.add(
      serverSpan({
        service: 'cart',
        spanId: 'a',
        startUnixMs: 100,
        endUnixMs: 130,
        error: true,
        attributes: {
          'http.route': '/cart/{id}',
          'http.request.method': 'GET',
        },
      }),
    );
    pairer.add(
      consumerSpan({
        service: 'billing',
        spanId: 'b',
        parent: 'p',
        name: 'orders process',
      }),
    );
    pairer.add(clientSpan({ service: 'cart', spanId: 'c', name: 'GET' }));
    pairer.add(producerSpan({ service: 'cart', spanId: 'd' }));
    pairer.add(internalSpan({ service: 'cart', spanId: 'e' }));
    expect(pairer.drain().operations).toEqual([
      {
        service: 'cart',
        operation: 'GET /cart/{id}',
        timeUnixMs: 100,
        durationMs: 30,
        error: true,
        traceId: TRACE_A,
      },
      {
        service: 'billing',
        operation: 'orders process',
        timeUnixMs: 1000,
        durationMs: 10,
        error: false,
        traceId: TRACE_A,
      },
    ]);
  });

  it('drain clears the output; counters stay cumulative', () => {
    const pairer = SpanPairer.create();
    pairer.add(serverSpan({ service: 'web', spanId: 'a' }));
    expect(pairer.drain().edges).toHaveLength(1);
    expect(pairer.drain()).toEqual({ edges: [], operations: [] });
    pairer.add(serverSpan({ service: 'web', spanId: 'b' }));
    expect(pairer.drain().edges).toHaveLength(1);
    expect(pairer.counters()).toEqual(counters({ received: 2, virtual: 2 }));
  });

  it.each([
    [{ ttlMs: -1 }],
    [{ ttlMs: Infinity }],
    [{ maxPending: 0 }],
    [{ maxPending: 1.5 }],
    [{ dedupeWindow: -1 }],
  ])('rejects options %j', options => {
    expect(() => SpanPairer.create(options)).toThrow(RangeError);
  });
});
