/**
 * How two nodes of the service graph are connected: `''` for a plain RPC,
 * the other values as in the OTel Collector's servicegraph connector and
 * Tempo's `connection_type` label.
 *
 * @public
 */
export type ConnectionType =
  | ''
  | 'messaging_system'
  | 'database'
  | 'virtual_node';

/**
 * One call seen on an edge of the service graph, from the caller's view.
 *
 * @public
 */
export type EdgeObservation = {
  client: string;
  server: string;
  connectionType: ConnectionType;
  /** The client span's start, or the server's when the client is virtual. */
  timeUnixMs: number;
  /** The client span's duration, or the server's when the client is virtual. */
  durationMs: number;
  /** Either side has status ERROR. */
  error: boolean;
  /** The client's trace (the server's when the client is virtual): an exemplar. */
  traceId: string;
};

/**
 * One request handled by a service (a SERVER or CONSUMER span).
 *
 * @public
 */
export type OperationObservation = {
  service: string;
  /** See `operationName`. */
  operation: string;
  timeUnixMs: number;
  durationMs: number;
  error: boolean;
  traceId: string;
};

/** What completed since the previous `drain()`. @public */
export type PairingOutput = {
  edges: EdgeObservation[];
  operations: OperationObservation[];
};

/**
 * Cumulative counters since the pairer was created.
 *
 * @public
 */
export type PairingCounters = {
  /** Every span passed to `add`, whatever its kind. */
  received: number;
  /** Edges completed from two real sides. */
  paired: number;
  /**
   * Edges with a virtual side: the virtual client of a root SERVER span, the
   * database of a database CLIENT span, or the named peer of a CLIENT or
   * PRODUCER span that expired unpaired.
   */
  virtual: number;
  /**
   * Spans that found no partner within the TTL and had no peer name to
   * stand in for one; also root CONSUMER spans without links, which can
   * never pair.
   */
  expiredUnpaired: number;
  /** Unpaired spans evicted early because `maxPending` was reached. */
  dropped: number;
  /** Spans whose (traceId, spanId) was already seen: ignored (export retries). */
  duplicates: number;
  /**
   * Current pending keys: one per waiting span, one per link key of a
   * CONSUMER span with links, and paired PRODUCER spans kept for fan-out.
   */
  pending: number;
};

/** @public */
export type SpanPairerOptions = {
  /** How long a span waits for its partner, from its arrival. Default 10 000. */
  ttlMs?: number;
  /** Bound on pending keys; the oldest are evicted first. Default 100 000. */
  maxPending?: number;
  /** The client name of root SERVER spans. Default `user`. */
  virtualClientName?: string;
  /**
   * At least how many recent distinct span ids are remembered to ignore
   * re-sent spans (at most twice as many are; 4 MiB for the default, at
   * most 64 bytes × window). 0 disables it; a duplicate of a pending CLIENT or
   * PRODUCER span is still ignored. Default 100 000.
   */
  dedupeWindow?: number;
  /** The clock, in Unix milliseconds. Default `Date.now`. */
  now?: () => number;
};
