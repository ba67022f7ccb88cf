import { SpanRecord } from '../spans';

/**
 * Options shared by the OTLP trace decoders.
 *
 * @public
 */
export type DecodeOptions = {
  /**
   * How many distinct messages to keep in `errors` (default 10). The count
   * of rejected spans is always exact; the messages are only examples.
   */
  maxErrors?: number;
  /**
   * `full` (the default) decodes every span whole. `naming` sets each
   * span's `source`, from which `decodeSpanBytes` gives the whole span, and
   * may leave out its events and every attribute but `NAMING_ATTRIBUTES`:
   * for consumers that need the rest only of the few spans they keep,
   * which saves making strings no one reads. Spans the JSON decoder reads
   * through `JSON.parse` (unusual spellings, arrays) come whole; a request
   * it reads that way entirely comes without sources. Validation is the
   * same in both modes.
   */
  detail?: 'full' | 'naming';
};

/**
 * What an OTLP trace decoder made of one `ExportTraceServiceRequest`.
 *
 * @public
 */
export type DecodeResult = {
  /** Valid spans, in request order. */
  spans: SpanRecord[];
  /** Spans skipped because they (or their resource) broke a rule. */
  rejected: number;
  /**
   * Up to `maxErrors` distinct messages naming the field path and the rule.
   * Also holds warnings about data dropped from otherwise valid spans (a
   * malformed span link), so it may be non-empty while `rejected` is 0; OTLP
   * allows such warnings in a partial-success reply.
   */
  errors: string[];
};
