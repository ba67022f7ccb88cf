import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  AttributeValue,
  SpanEventRecord,
  SpanKind,
  SpanLinkRecord,
  Trace,
  TraceSpan,
} from '@steward/plugin-service-graph-common';
import { TraceSource } from './TraceSource';

const DEFAULT_TIMEOUT_MS = 5000;

/*
 * The JSON model of Jaeger's HTTP query API (jaeger/model/json), the one its
 * UI reads. Every field is optional here because the body comes from another
 * system: a span that lacks something is mapped as well as it can be rather
 * than failing the whole trace.
 */

type JaegerKeyValue = {
  key?: unknown;
  type?: unknown;
  value?: unknown;
};

type JaegerReference = {
  refType?: unknown;
  traceID?: unknown;
  spanID?: unknown;
};

type JaegerLog = {
  timestamp?: unknown;
  fields?: unknown;
};

type JaegerProcess = {
  serviceName?: unknown;
  tags?: unknown;
};

type JaegerSpan = {
  traceID?: unknown;
  spanID?: unknown;
  /** Deprecated by `references`, still written by old collectors. */
  parentSpanID?: unknown;
  operationName?: unknown;
  references?: unknown;
  startTime?: unknown;
  duration?: unknown;
  tags?: unknown;
  logs?: unknown;
  processID?: unknown;
  /** Set instead of `processID` when the response is not deduplicated. */
  process?: unknown;
};

type JaegerTrace = {
  traceID?: unknown;
  spans?: unknown;
  processes?: unknown;
};

type JaegerResponse = {
  data?: unknown;
  errors?: unknown;
};

/** Tags that become TraceSpan fields rather than attributes. */
const PROMOTED_TAGS = new Set([
  'span.kind',
  'error',
  'otel.status_code',
  'otel.status_description',
]);

const KIND_BY_TAG: Record<string, SpanKind> = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
  internal: SpanKind.INTERNAL,
};

const HEX_ID = /^[0-9a-f]{1,32}$/i;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function arrayOf<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value.filter(isObject) as T[]) : [];
}

function finiteNumber(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}

/**
 * Jaeger prints a 128-bit trace id whose high half is zero as 16 digits; the
 * rest of Steward stores OTLP's 32-digit form, so ids are padded to compare
 * equal (Jaeger parses either form).
 */
function normalizeTraceId(value: unknown): string {
  return String(value ?? '')
    .toLowerCase()
    .padStart(32, '0');
}

function normalizeSpanId(value: unknown): string {
  return String(value ?? '')
    .toLowerCase()
    .padStart(16, '0');
}

function tagValue(tag: JaegerKeyValue): AttributeValue {
  const value = tag.value;
  switch (tag.type) {
    case 'bool':
      return value === true || value === 'true';
    case 'int64':
    case 'float64': {
      // Kept as text when it does not survive as a number, rather than
      // turning a malformed value into 0.
      const n = typeof value === 'string' ? Number(value) : value;
      return typeof n === 'number' && Number.isFinite(n) ? n : String(value);
    }
    default:
      // 'string', and 'binary', which Jaeger sends base64-encoded.
      if (
        typeof value === 'string' ||
        typeof value === 'number' ||
        typeof value === 'boolean'
      ) {
        return value;
      }
      return value === undefined || value === null ? '' : JSON.stringify(value);
  }
}

function tagsToRecord(tags: unknown): Map<string, AttributeValue> {
  const record = new Map<string, AttributeValue>();
  for (const tag of arrayOf<JaegerKeyValue>(tags)) {
    if (typeof tag.key === 'string') {
      record.set(tag.key, tagValue(tag));
    }
  }
  return record;
}

function isErrorFlag(value: AttributeValue | undefined): boolean {
  return value === true || value === 'true';
}

function mapSpan(
  span: JaegerSpan,
  traceId: string,
  serviceByProcessId: Map<string, string>,
): TraceSpan {
  const tags = tagsToRecord(span.tags);

  const kindTag = tags.get('span.kind');
  const kind =
    (typeof kindTag === 'string'
      ? KIND_BY_TAG[kindTag.toLowerCase()]
      : undefined) ?? SpanKind.INTERNAL;

  const statusCode = tags.get('otel.status_code');
  const error =
    isErrorFlag(tags.get('error')) ||
    (typeof statusCode === 'string' && statusCode.toUpperCase() === 'ERROR');
  const statusDescription = tags.get('otel.status_description');

  const attributes: Record<string, AttributeValue> = {};
  for (const [key, value] of tags) {
    if (!PROMOTED_TAGS.has(key)) {
      attributes[key] = value;
    }
  }

  const { parentSpanId, links } = mapReferences(span, traceId);

  const events: SpanEventRecord[] = arrayOf<JaegerLog>(span.logs).map(log => {
    const fields = tagsToRecord(log.fields);
    const eventName = fields.get('event');
    fields.delete('event');
    return {
      timeUnixMs: finiteNumber(log.timestamp) / 1000,
      name:
        eventName === undefined || eventName === '' ? 'log' : String(eventName),
      attributes: Object.fromEntries(fields),
    };
  });

  const process: JaegerProcess | undefined = isObject(span.process)
    ? span.process
    : undefined;
  const service =
    (typeof span.processID === 'string'
      ? serviceByProcessId.get(span.processID)
      : undefined) ??
    (typeof process?.serviceName === 'string'
      ? process.serviceName
      : undefined) ??
    // OpenTelemetry's name for a service that did not say what it is.
    'unknown_service';

  const mapped: TraceSpan = {
    traceId,
    spanId: normalizeSpanId(span.spanID),
    service,
    name: typeof span.operationName === 'string' ? span.operationName : '',
    kind,
    startUnixMs: finiteNumber(span.startTime) / 1000,
    durationMs: finiteNumber(span.duration) / 1000,
    error,
    attributes,
    events,
    links,
  };
  if (parentSpanId !== undefined) {
    mapped.parentSpanId = parentSpanId;
  }
  if (statusDescription !== undefined && statusDescription !== '') {
    mapped.statusMessage = String(statusDescription);
  }
  return mapped;
}

/**
 * The parent is the CHILD_OF reference within the trace, else the first
 * reference within the trace, which is how Jaeger's own UI draws the tree.
 * Every other reference is a link: that is what OTLP links become when
 * Jaeger ingests them, and a span cannot have its parent in another trace.
 */
function mapReferences(
  span: JaegerSpan,
  traceId: string,
): { parentSpanId?: string; links: SpanLinkRecord[] } {
  const references = arrayOf<JaegerReference>(span.references)
    .filter(ref => ref.spanID !== undefined && ref.spanID !== null)
    .map(ref => ({
      refType: ref.refType,
      traceId:
        ref.traceID === undefined || ref.traceID === null
          ? traceId
          : normalizeTraceId(ref.traceID),
      spanId: normalizeSpanId(ref.spanID),
    }));

  const inTrace = references.filter(ref => ref.traceId === traceId);
  const parent = inTrace.find(ref => ref.refType === 'CHILD_OF') ?? inTrace[0];

  const links = references
    .filter(ref => ref !== parent)
    .map(ref => ({ traceId: ref.traceId, spanId: ref.spanId }));

  if (parent) {
    return { parentSpanId: parent.spanId, links };
  }
  const legacyParent = span.parentSpanID;
  if (
    typeof legacyParent === 'string' &&
    legacyParent !== '' &&
    !/^0+$/.test(legacyParent)
  ) {
    return { parentSpanId: normalizeSpanId(legacyParent), links };
  }
  return { links };
}

function mapTrace(trace: JaegerTrace): Trace {
  const traceId = normalizeTraceId(trace.traceID);
  const serviceByProcessId = new Map<string, string>();
  if (isObject(trace.processes)) {
    for (const [processId, value] of Object.entries(trace.processes)) {
      const process: JaegerProcess | undefined = isObject(value)
        ? value
        : undefined;
      if (typeof process?.serviceName === 'string') {
        serviceByProcessId.set(processId, process.serviceName);
      }
    }
  }
  const spans = arrayOf<JaegerSpan>(trace.spans).map(span =>
    mapSpan(
      span,
      span.traceID === undefined ? traceId : normalizeTraceId(span.traceID),
      serviceByProcessId,
    ),
  );
  // Array.prototype.sort is stable, so spans that start together keep
  // Jaeger's order.
  spans.sort((a, b) => a.startUnixMs - b.startUnixMs);
  return { traceId, spans };
}

/** The first message Jaeger put in `errors`, for error messages. */
function jaegerErrorMessage(body: unknown): string | undefined {
  if (!isObject(body)) {
    return undefined;
  }
  const first = arrayOf<{ msg?: unknown }>(body.errors)[0];
  return typeof first?.msg === 'string' ? first.msg : undefined;
}

/**
 * Reads traces from Jaeger's HTTP query API (`/api/traces`), the JSON API
 * Jaeger's UI uses, so that organisations already running Jaeger need not
 * send their spans to Steward as well.
 */
export class JaegerTraceSource implements TraceSource {
  private readonly baseUrl: URL;
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;

  static create(options: {
    /** Where Jaeger's query service answers, including any base path. */
    baseUrl: string;
    fetch?: typeof fetch;
    /** Per request, including reading the body. */
    timeoutMs?: number;
  }): JaegerTraceSource {
    let baseUrl: URL;
    try {
      baseUrl = new URL(options.baseUrl);
    } catch (error) {
      throw new InputError(
        `Invalid Jaeger base URL '${options.baseUrl}'`,
        error,
      );
    }
    if (baseUrl.protocol !== 'http:' && baseUrl.protocol !== 'https:') {
      throw new InputError(
        `Jaeger base URL must be http or https, got '${options.baseUrl}'`,
      );
    }
    // fetch refuses such URLs, and its error would put the password in logs.
    if (baseUrl.username || baseUrl.password) {
      throw new InputError(
        'Jaeger base URL must not contain credentials; put Jaeger behind a proxy that adds them',
      );
    }
    // Relative resolution below would otherwise drop the last path segment
    // of a base path such as https://host/jaeger.
    if (!baseUrl.pathname.endsWith('/')) {
      baseUrl.pathname = `${baseUrl.pathname}/`;
    }
    baseUrl.search = '';
    baseUrl.hash = '';

    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new InputError(
        `Jaeger timeoutMs must be a positive number, got ${timeoutMs}`,
      );
    }

    return new JaegerTraceSource({
      baseUrl,
      // Bound so that the global fetch is not called with this class as
      // `this`, which it rejects.
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      timeoutMs,
    });
  }

  private constructor(options: {
    baseUrl: URL;
    fetch: typeof fetch;
    timeoutMs: number;
  }) {
    this.baseUrl = options.baseUrl;
    this.fetch = options.fetch;
    this.timeoutMs = options.timeoutMs;
  }

  async getTrace(traceId: string): Promise<Trace | undefined> {
    // Anything but a hex id cannot name a trace; not asking spares Jaeger a
    // 400 and keeps arbitrary text out of the request path.
    if (!HEX_ID.test(traceId)) {
      return undefined;
    }
    const url = new URL(
      `api/traces/${encodeURIComponent(traceId.toLowerCase())}`,
      this.baseUrl,
    );
    const body = await this.getJson(url, { notFoundIsEmpty: true });
    if (!body) {
      return undefined;
    }
    const traces = arrayOf<JaegerTrace>(body.data);
    if (traces.length === 0) {
      return undefined;
    }
    const wanted = normalizeTraceId(traceId);
    const trace =
      traces.find(t => normalizeTraceId(t.traceID) === wanted) ?? traces[0];
    return mapTrace(trace);
  }

  async findErrorTraces(options: {
    service: string;
    operation?: string;
    fromUnixMs: number;
    toUnixMs: number;
    limit: number;
  }): Promise<string[]> {
    const limit = Math.floor(options.limit);
    if (!(limit > 0)) {
      return [];
    }
    const url = new URL('api/traces', this.baseUrl);
    url.searchParams.set('service', options.service);
    if (options.operation !== undefined) {
      url.searchParams.set('operation', options.operation);
    }
    // Jaeger matches tag values as text, so this also finds spans whose
    // `error` tag is the boolean true, which is what it records for an OTLP
    // status of ERROR.
    url.searchParams.set('tags', JSON.stringify({ error: 'true' }));
    url.searchParams.set(
      'start',
      String(Math.floor(options.fromUnixMs * 1000)),
    );
    url.searchParams.set('end', String(Math.ceil(options.toUnixMs * 1000)));
    url.searchParams.set('limit', String(limit));

    const body = await this.getJson(url, { notFoundIsEmpty: false });

    // Jaeger's search does not promise an order, and how strictly it applies
    // service, operation and tags to one and the same span differs between
    // its storage backends; so the matching spans are found here again.
    const latestErrorById = new Map<string, number>();
    for (const jaegerTrace of arrayOf<JaegerTrace>(body?.data)) {
      const trace = mapTrace(jaegerTrace);
      for (const span of trace.spans) {
        if (
          span.error &&
          span.service === options.service &&
          (options.operation === undefined || span.name === options.operation)
        ) {
          const latest = latestErrorById.get(trace.traceId);
          if (latest === undefined || span.startUnixMs > latest) {
            latestErrorById.set(trace.traceId, span.startUnixMs);
          }
        }
      }
    }

    return [...latestErrorById]
      .sort(([idA, a], [idB, b]) => b - a || (idA < idB ? -1 : 1))
      .slice(0, limit)
      .map(([traceId]) => traceId);
  }

  /**
   * The parsed body of a GET, or undefined for a 404 when that means "no
   * such trace". Every failure to get an answer is a ServiceUnavailableError
   * naming the URL, so that callers can tell Jaeger is the problem.
   */
  private async getJson(
    url: URL,
    options: { notFoundIsEmpty: boolean },
  ): Promise<JaegerResponse | undefined> {
    const what = `Jaeger query GET ${url}`;
    let response: Response;
    try {
      response = await this.fetch(url.toString(), {
        headers: { Accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw this.requestError(what, error);
    }

    let text: string;
    try {
      // The timeout's signal also aborts reading the body.
      text = await response.text();
    } catch (error) {
      throw this.requestError(what, error);
    }

    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }

    if (response.status === 404 && options.notFoundIsEmpty) {
      return undefined;
    }
    if (!response.ok) {
      const detail = jaegerErrorMessage(body) ?? text.slice(0, 200);
      throw new ServiceUnavailableError(
        `${what} failed with ${response.status} ${response.statusText}${
          detail ? `: ${detail}` : ''
        }`,
      );
    }
    if (!isObject(body)) {
      throw new ServiceUnavailableError(
        `${what} returned a body that is not a JSON object`,
      );
    }
    return body;
  }

  private requestError(what: string, error: unknown): ServiceUnavailableError {
    // Without the cause: Backstage errors append it to the message, and for
    // a timeout it would only repeat it.
    if (isObject(error) && error.name === 'TimeoutError') {
      return new ServiceUnavailableError(
        `${what} timed out after ${this.timeoutMs} ms`,
      );
    }
    // Node's fetch reports every network failure as "fetch failed" and
    // keeps what happened (ECONNREFUSED, ENOTFOUND, ...) in its cause.
    const networkCause = isObject(error) ? error.cause : undefined;
    // Duck-typed: fetch's errors come from another realm under test runners.
    const detail =
      isObject(networkCause) && typeof networkCause.message === 'string'
        ? `: ${networkCause.message}`
        : '';
    return new ServiceUnavailableError(`${what} failed${detail}`, error);
  }
}
