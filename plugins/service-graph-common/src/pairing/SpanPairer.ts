import { SpanKind, SpanLinkRecord, SpanRecord } from '../spans';
import {
  databaseName,
  isDatabaseSpan,
  operationName,
  virtualServerName,
} from './names';
import {
  parentFingerprintOf,
  spanFingerprint,
  spanFingerprintOf,
} from '../fingerprint';
import { RecentSpanIds } from './RecentSpanIds';
import {
  ConnectionType,
  EdgeObservation,
  OperationObservation,
  PairingCounters,
  PairingOutput,
  SpanPairerOptions,
} from './types';

const DEFAULT_TTL_MS = 10_000;
const DEFAULT_MAX_PENDING = 100_000;
const DEFAULT_VIRTUAL_CLIENT_NAME = 'user';
const DEFAULT_DEDUPE_WINDOW = 100_000;

/** What pairing needs of a span and no more: a SpanRecord is far larger. */
class PendingSpan {
  readonly service: string;
  readonly kind: SpanKind;
  readonly startUnixMs: number;
  readonly durationMs: number;
  readonly error: boolean;
  readonly traceId: string;
  /** CLIENT/PRODUCER: resolved at arrival so the attributes need not be kept. */
  readonly peerName: string | undefined;
  /**
   * Paired at least once, or already counted as expired or dropped. A CONSUMER
   * with links waits under several keys and must be counted once.
   */
  settled: boolean;

  constructor(
    span: SpanRecord,
    durationMs: number,
    peerName: string | undefined,
  ) {
    this.service = span.service;
    this.kind = span.kind;
    this.startUnixMs = span.startUnixMs;
    this.durationMs = durationMs;
    this.error = span.error;
    this.traceId = span.traceId;
    this.peerName = peerName;
    this.settled = false;
  }
}

/**
 * The spans waiting under one key: the fingerprint of the client side's
 * (traceId, spanId).
 */
class PendingEntry {
  readonly key: number;
  readonly arrivedMs: number;
  client: PendingSpan | undefined;
  server: PendingSpan | undefined;
  /**
   * Server-side spans after the first: the consumers of one message, or the
   * children of a span that never arrives. Rare, so allocated on demand.
   */
  moreServers: PendingSpan[] | undefined;

  constructor(
    key: number,
    arrivedMs: number,
    client: PendingSpan | undefined,
    server: PendingSpan | undefined,
  ) {
    this.key = key;
    this.arrivedMs = arrivedMs;
    this.client = client;
    this.server = server;
    this.moreServers = undefined;
  }
}

function durationOf(span: SpanRecord): number {
  const duration = span.endUnixMs - span.startUnixMs;
  // Clock skew can make it negative; a latency can't be.
  return duration > 0 ? duration : 0;
}

function connectionTypeOf(
  clientKind: SpanKind,
  serverKind: SpanKind,
): ConnectionType {
  return clientKind === SpanKind.PRODUCER || serverKind === SpanKind.CONSUMER
    ? 'messaging_system'
    : '';
}

function hasServer(entry: PendingEntry, span: PendingSpan): boolean {
  return (
    entry.server === span ||
    (entry.moreServers !== undefined && entry.moreServers.includes(span))
  );
}

function appendServer(entry: PendingEntry, span: PendingSpan): void {
  if (entry.server === undefined) {
    entry.server = span;
  } else if (entry.moreServers === undefined) {
    entry.moreServers = [span];
  } else {
    entry.moreServers.push(span);
  }
}

function takeFirstServer(entry: PendingEntry): PendingSpan | undefined {
  const first = entry.server;
  const more = entry.moreServers;
  if (more === undefined) {
    entry.server = undefined;
  } else {
    entry.server = more.shift();
    if (more.length === 0) {
      entry.moreServers = undefined;
    }
  }
  return first;
}

function repeatsEarlierLink(links: SpanLinkRecord[], index: number): boolean {
  const link = links[index];
  for (let i = 0; i < index; i++) {
    if (links[i].spanId === link.spanId && links[i].traceId === link.traceId) {
      return true;
    }
  }
  return false;
}

function integerAtLeast(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
  }
  return value;
}

/**
 * Pairs the two sides of each call into service-graph edges, with the
 * semantics of the OTel Collector's servicegraph connector and Tempo's
 * metrics-generator: CLIENT/PRODUCER spans wait under (traceId, spanId),
 * SERVER/CONSUMER spans under (traceId, parentSpanId) and under each of a
 * CONSUMER's links; an edge completes when both are present, in either order.
 *
 * Where it differs from them, on purpose:
 * - Memory is bounded: at most `maxPending` keys (oldest evicted first, as
 *   `dropped`), pending spans keep only what pairing needs, and recently
 *   seen span ids are fingerprints in fixed-size tables.
 * - Keys are 53-bit fingerprints of (traceId, spanId) (`spanFingerprint`),
 *   not strings joined from the ids: no string per span to build, hash and
 *   collect. Two keys pending at once with one fingerprint would pair the
 *   wrong spans: about maxPending / 2^53 per span, 1e-11 for the default.
 * - Re-sent spans (export retries) are recognised by their own
 *   (traceId, spanId) among at least the last `dedupeWindow` distinct spans,
 *   whether they are pending or already paired, and ignored: the first copy
 *   wins.
 * - A PRODUCER pairs with every CONSUMER of its message (fan-out) until it
 *   expires; a CLIENT pairs with one SERVER (a call is one call from the
 *   caller's view), and further SERVER children of it expire unpaired.
 * - Database CLIENT spans become edges at once instead of waiting for a
 *   server span that never comes.
 *
 * Deterministic given its clock; it never schedules anything. The host calls
 * `add` per span (or `addAll` per request), and `expire` then `drain`
 * periodically.
 *
 * @public
 */
export class SpanPairer {
  private readonly ttlMs: number;
  private readonly maxPending: number;
  private readonly virtualClientName: string;
  private readonly now: () => number;

  // A Map iterates in insertion order, which is arrival order: a free FIFO
  // for both expiry and eviction.
  private readonly pending = new Map<number, PendingEntry>();
  /**
   * Walks `pending` from its oldest entry, kept between calls. A fresh
   * `values()` iterator steps over every deleted slot at the map's front
   * again, so asking it for the oldest entry per insert at the cap cost
   * 24–108 µs per span; this one passes each slot once.
   */
  private front: Iterator<PendingEntry> = this.pending.values();
  /** The oldest entry `front` returned and nobody removed yet, if any. */
  private oldestSeen: PendingEntry | undefined;
  private readonly recentIds: RecentSpanIds | undefined;
  /** `addAll`'s answers of `isDuplicate`, reused from call to call. */
  private seen = new Uint8Array(0);
  /**
   * When the spans being added arrived, read from the clock once per `add`
   * or `addAll`: the clock is `Date.now` in the backend, 50 ns a call.
   */
  private arrivedMs = 0;

  private edges: EdgeObservation[] = [];
  private operations: OperationObservation[] = [];

  private received = 0;
  private paired = 0;
  private virtual = 0;
  private expiredUnpaired = 0;
  private dropped = 0;
  private duplicates = 0;

  static create(options: SpanPairerOptions = {}): SpanPairer {
    const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    if (!(ttlMs >= 0 && ttlMs < Infinity)) {
      throw new RangeError(`ttlMs must be a finite number >= 0, got ${ttlMs}`);
    }
    return new SpanPairer({
      ttlMs,
      maxPending: integerAtLeast(
        'maxPending',
        options.maxPending ?? DEFAULT_MAX_PENDING,
        1,
      ),
      virtualClientName:
        options.virtualClientName ?? DEFAULT_VIRTUAL_CLIENT_NAME,
      dedupeWindow: integerAtLeast(
        'dedupeWindow',
        options.dedupeWindow ?? DEFAULT_DEDUPE_WINDOW,
        0,
      ),
      now: options.now ?? Date.now,
    });
  }

  private constructor(options: Required<SpanPairerOptions>) {
    this.ttlMs = options.ttlMs;
    this.maxPending = options.maxPending;
    this.virtualClientName = options.virtualClientName;
    this.now = options.now;
    this.recentIds =
      options.dedupeWindow > 0
        ? new RecentSpanIds(options.dedupeWindow)
        : undefined;
  }

  /** Ingests one span. INTERNAL and UNSPECIFIED spans are only counted. */
  add(span: SpanRecord): void {
    this.arrivedMs = this.now();
    this.pair(span, this.isDuplicate(span));
  }

  /**
   * Ingests spans in order, as `add` of each would. Whether each was seen
   * before is asked first, for all of them, in a loop of its own: those
   * lookups read megabytes of remembered ids at random and so wait on
   * memory, and only a loop this short lets the processor wait for several
   * at once (asked span by span, they took a tenth of ingest's time). The
   * spans arrived together: the clock is read once for all of them.
   */
  addAll(spans: readonly SpanRecord[]): void {
    this.arrivedMs = this.now();
    if (this.seen.length < spans.length) {
      this.seen = new Uint8Array(spans.length);
    }
    const seen = this.seen;
    for (let i = 0; i < spans.length; i++) {
      seen[i] = this.isDuplicate(spans[i]) ? 1 : 0;
    }
    for (let i = 0; i < spans.length; i++) {
      this.pair(spans[i], seen[i] === 1);
    }
  }

  private pair(span: SpanRecord, duplicate: boolean): void {
    this.received++;
    if (duplicate) {
      return;
    }
    const kind = span.kind;
    if (kind === SpanKind.CLIENT || kind === SpanKind.PRODUCER) {
      this.addClientSide(span, kind);
    } else if (kind === SpanKind.SERVER || kind === SpanKind.CONSUMER) {
      this.addServerSide(span, kind);
    }
  }

  /**
   * Settles every span that arrived at least `ttlMs` ago: CLIENT/PRODUCER
   * spans with a peer name become edges to a virtual server, the rest are
   * counted as expired-unpaired.
   */
  expire(): void {
    const cutoff = this.now() - this.ttlMs;
    for (
      let entry = this.oldest();
      entry !== undefined && entry.arrivedMs <= cutoff;
      entry = this.oldest()
    ) {
      this.pending.delete(entry.key);
      this.settle(entry, true);
    }
  }

  /** Returns, and forgets, what completed since the previous drain. */
  drain(): PairingOutput {
    const output = { edges: this.edges, operations: this.operations };
    this.edges = [];
    this.operations = [];
    return output;
  }

  counters(): PairingCounters {
    return {
      received: this.received,
      paired: this.paired,
      virtual: this.virtual,
      expiredUnpaired: this.expiredUnpaired,
      dropped: this.dropped,
      duplicates: this.duplicates,
      pending: this.pending.size,
    };
  }

  private addClientSide(span: SpanRecord, kind: SpanKind): void {
    const key = spanFingerprintOf(span);
    const duration = durationOf(span);
    if (kind === SpanKind.CLIENT && isDatabaseSpan(span)) {
      this.pushEdge(
        span.service,
        databaseName(span)!,
        'database',
        span.startUnixMs,
        duration,
        span.error,
        span.traceId,
      );
      this.virtual++;
      return;
    }

    const entry = this.pending.get(key);
    if (entry === undefined) {
      const side = new PendingSpan(span, duration, virtualServerName(span));
      this.insert(new PendingEntry(key, this.arrivedMs, side, undefined));
      return;
    }
    if (entry.client !== undefined) {
      // Only reachable with deduplication off: the first copy wins.
      this.duplicates++;
      return;
    }

    if (kind === SpanKind.CLIENT) {
      // Pairs straight from the record: no PendingSpan for the common case.
      const server = takeFirstServer(entry)!;
      server.settled = true;
      this.pushPair(
        span.service,
        kind,
        span.startUnixMs,
        duration,
        span.error,
        span.traceId,
        server.service,
        server.kind,
        server.error,
      );
      if (entry.server === undefined) {
        this.pending.delete(key);
      }
      return;
    }

    // A PRODUCER takes every consumer already waiting and stays for later ones.
    const producer = new PendingSpan(span, duration, undefined);
    producer.settled = true;
    entry.client = producer;
    let server = takeFirstServer(entry);
    while (server !== undefined) {
      server.settled = true;
      this.pushPair(
        producer.service,
        kind,
        producer.startUnixMs,
        duration,
        producer.error,
        producer.traceId,
        server.service,
        server.kind,
        server.error,
      );
      server = takeFirstServer(entry);
    }
  }

  private addServerSide(span: SpanRecord, kind: SpanKind): void {
    const duration = durationOf(span);
    this.operations.push({
      service: span.service,
      operation: operationName(span),
      timeUnixMs: span.startUnixMs,
      durationMs: duration,
      error: span.error,
      traceId: span.traceId,
    });

    const parent = span.parentSpanId;
    const hasParent = parent !== undefined && parent !== '';
    const parentKey = hasParent ? parentFingerprintOf(span) : 0;
    const links = span.links;
    if (kind === SpanKind.SERVER || links.length === 0) {
      if (hasParent) {
        this.offerServer(parentKey, span, duration, undefined);
      } else if (kind === SpanKind.SERVER) {
        this.pushEdge(
          this.virtualClientName,
          span.service,
          'virtual_node',
          span.startUnixMs,
          duration,
          span.error,
          span.traceId,
        );
        this.virtual++;
      } else {
        // A root CONSUMER without links has nothing to wait for.
        this.expiredUnpaired++;
      }
      return;
    }

    // One shared side, so the span is counted once whichever key pairs.
    const side = new PendingSpan(span, duration, undefined);
    if (hasParent) {
      this.offerServer(parentKey, span, duration, side);
    }
    for (let i = 0; i < links.length; i++) {
      const link = links[i];
      const sameAsParent =
        hasParent && link.spanId === parent && link.traceId === span.traceId;
      if (!sameAsParent && !repeatsEarlierLink(links, i)) {
        this.offerServer(
          spanFingerprint(link.traceId, link.spanId),
          span,
          duration,
          side,
        );
      }
    }
  }

  /**
   * Pairs a SERVER/CONSUMER span with the client side waiting under `key`,
   * or leaves it waiting there. `shared` is the CONSUMER's side when it waits
   * under several keys; otherwise a side is only built if it has to wait.
   */
  private offerServer(
    key: number,
    span: SpanRecord,
    duration: number,
    shared: PendingSpan | undefined,
  ): void {
    const entry = this.pending.get(key);
    if (entry === undefined) {
      const side = shared ?? new PendingSpan(span, duration, undefined);
      this.insert(new PendingEntry(key, this.arrivedMs, undefined, side));
      return;
    }
    const client = entry.client;
    if (client === undefined) {
      const side = shared ?? new PendingSpan(span, duration, undefined);
      if (!hasServer(entry, side)) {
        appendServer(entry, side);
      }
      return;
    }
    client.settled = true;
    if (shared !== undefined) {
      shared.settled = true;
    }
    this.pushPair(
      client.service,
      client.kind,
      client.startUnixMs,
      client.durationMs,
      client.error,
      client.traceId,
      span.service,
      span.kind,
      span.error,
    );
    if (client.kind !== SpanKind.PRODUCER) {
      this.pending.delete(key);
    }
  }

  private insert(entry: PendingEntry): void {
    if (this.pending.size >= this.maxPending) {
      const oldest = this.oldest()!;
      this.pending.delete(oldest.key);
      this.settle(oldest, false);
    }
    this.pending.set(entry.key, entry);
  }

  /**
   * The entry that arrived first among those still pending. Every entry
   * `front` returned before it has left the map (callers remove what they
   * are given, or stop), so the next live one after it is the oldest.
   */
  private oldest(): PendingEntry | undefined {
    const seen = this.oldestSeen;
    if (seen !== undefined && this.pending.get(seen.key) === seen) {
      return seen;
    }
    let next = this.front.next();
    if (next.done) {
      // A finished iterator never sees later entries: start a new one.
      this.front = this.pending.values();
      next = this.front.next();
    }
    this.oldestSeen = next.done ? undefined : next.value;
    return this.oldestSeen;
  }

  /** Accounts for the unsettled spans of an entry leaving the pending map. */
  private settle(entry: PendingEntry, expired: boolean): void {
    const client = entry.client;
    if (client !== undefined && !client.settled) {
      client.settled = true;
      if (!expired) {
        this.dropped++;
      } else if (client.peerName === undefined) {
        this.expiredUnpaired++;
      } else {
        this.pushEdge(
          client.service,
          client.peerName,
          client.kind === SpanKind.PRODUCER
            ? 'messaging_system'
            : 'virtual_node',
          client.startUnixMs,
          client.durationMs,
          client.error,
          client.traceId,
        );
        this.virtual++;
      }
    }
    let server = takeFirstServer(entry);
    while (server !== undefined) {
      if (!server.settled) {
        server.settled = true;
        if (expired) {
          this.expiredUnpaired++;
        } else {
          this.dropped++;
        }
      }
      server = takeFirstServer(entry);
    }
  }

  /**
   * Whether this CLIENT, PRODUCER, SERVER or CONSUMER span was seen before;
   * remembers it. Other kinds are not paired, so never duplicates.
   */
  private isDuplicate(span: SpanRecord): boolean {
    const kind = span.kind;
    if (
      this.recentIds !== undefined &&
      (kind === SpanKind.CLIENT ||
        kind === SpanKind.PRODUCER ||
        kind === SpanKind.SERVER ||
        kind === SpanKind.CONSUMER) &&
      this.recentIds.seenBefore(spanFingerprintOf(span))
    ) {
      this.duplicates++;
      return true;
    }
    return false;
  }

  // Positional parameters: this runs per span, and an options object would
  // be an allocation per edge on top of the edge itself.
  private pushPair(
    clientService: string,
    clientKind: SpanKind,
    clientStartUnixMs: number,
    clientDurationMs: number,
    clientError: boolean,
    clientTraceId: string,
    serverService: string,
    serverKind: SpanKind,
    serverError: boolean,
  ): void {
    this.pushEdge(
      clientService,
      serverService,
      connectionTypeOf(clientKind, serverKind),
      clientStartUnixMs,
      clientDurationMs,
      clientError || serverError,
      clientTraceId,
    );
    this.paired++;
  }

  private pushEdge(
    client: string,
    server: string,
    connectionType: ConnectionType,
    timeUnixMs: number,
    durationMs: number,
    error: boolean,
    traceId: string,
  ): void {
    this.edges.push({
      client,
      server,
      connectionType,
      timeUnixMs,
      durationMs,
      error,
      traceId,
    });
  }
}
