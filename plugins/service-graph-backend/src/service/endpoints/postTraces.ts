import { HttpAuthService } from '@backstage/backend-plugin-api';
import { AuthenticationError, InputError } from '@backstage/errors';
import {
  decodeOtlpJson,
  decodeOtlpProtobuf,
  DecodeResult,
  exportTraceServiceResponse,
} from '@steward/plugin-service-graph-common';
import express, { Request, Response } from 'express';
import { ServiceGraphConfig } from '../../config';
import { IngestPipeline } from '../../ingest/IngestPipeline';
import {
  BodyBufferPool,
  BodyTooLargeError,
  useRequestBody,
} from './readRequestBody';

/**
 * Bodies assembled in pooled buffers up to this size; larger ones, rare,
 * get a buffer of their own.
 */
const POOLED_BODY_BYTES = 16 * 1024 * 1024;

type Format = 'json' | 'protobuf';

/** google.rpc.Status codes used in OTLP error replies. */
const RPC_CODE = {
  INVALID_ARGUMENT: 3,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
};

/**
 * `POST /v1/traces`: the OTLP/HTTP trace receiver. Replies in the request's
 * content type, with `google.rpc.Status` bodies for errors, as the OTLP
 * specification asks, so that stock exporters know what to retry.
 */
export function postTraces(options: {
  httpAuth: HttpAuthService;
  pipeline: IngestPipeline;
  config: ServiceGraphConfig;
}): express.RequestHandler {
  const { httpAuth, pipeline, config } = options;
  const pool = BodyBufferPool.create({
    maxBuffers: 4,
    maxBufferBytes: POOLED_BODY_BYTES,
  });

  return async (req: Request, res: Response) => {
    const format = formatOf(req.headers['content-type']);
    if (!format) {
      res.status(415).json({
        code: RPC_CODE.INVALID_ARGUMENT,
        message: `Content-Type: must be application/json or application/x-protobuf, got ${
          req.headers['content-type'] ?? 'none'
        }`,
      });
      return;
    }
    try {
      await authenticate(req, httpAuth, config);
    } catch (error) {
      const forbidden = (error as Error).name === 'NotAllowedError';
      reply(
        res,
        format,
        forbidden ? 403 : 401,
        forbidden ? RPC_CODE.PERMISSION_DENIED : RPC_CODE.UNAUTHENTICATED,
        (error as Error).message,
      );
      return;
    }

    let accepted: Accepted;
    try {
      accepted = await readAndAccept({ req, format, config, pipeline, pool });
      await accepted.committed;
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        res.setHeader('Connection', 'close');
        reply(res, format, 413, RPC_CODE.RESOURCE_EXHAUSTED, error.message);
        return;
      }
      if ((error as Error).name === 'ServiceUnavailableError') {
        res.setHeader('Retry-After', '1');
        reply(res, format, 503, RPC_CODE.UNAVAILABLE, (error as Error).message);
        return;
      }
      throw error;
    }

    const response = exportTraceServiceResponse(
      {
        rejected: accepted.rejected,
        errorMessage:
          accepted.errors.length > 0 ? accepted.errors.join('; ') : undefined,
      },
      format,
    );
    res
      .status(200)
      .type(format === 'json' ? 'application/json' : 'application/x-protobuf')
      .send(response);
  };
}

type Accepted = Pick<DecodeResult, 'rejected' | 'errors'> & {
  committed: Promise<void>;
};

/**
 * Reads, decodes and hands the request's spans to the pipeline, in this
 * frame of its own so that nothing references the body or the decoded
 * spans while the request waits for its commit: what is still reachable at
 * a scavenge is copied and then promoted, to be freed only by a full
 * collection (a body's off-heap bytes included), which under JSON ingest
 * made V8 run one every second over the whole heap.
 */
async function readAndAccept(options: {
  req: Request;
  format: Format;
  config: ServiceGraphConfig;
  pipeline: IngestPipeline;
  pool: BodyBufferPool;
}): Promise<Accepted> {
  const { req, format, config, pipeline, pool } = options;
  const read = { maxBytes: config.ingest.maxBodyBytes, pool };
  // The body is lent: the pipeline copies what it keeps (pairing the
  // fields it needs, the trace buffer the bytes of each span). It reads
  // only the naming attributes; the trace buffer decodes the spans it
  // keeps whole from their bytes.
  return useRequestBody(req, read, body => {
    const detail = { detail: 'naming' } as const;
    const decoded =
      format === 'json'
        ? decodeOtlpJson(body, detail)
        : decodeOtlpProtobuf(body, detail);
    return {
      committed: pipeline.accept(decoded.spans, decoded.rejected),
      rejected: decoded.rejected,
      errors: decoded.errors,
    };
  });
}

/** Maps InputError from decoding to a 400 in the request's content type. */
export function otlpErrorHandler(): express.ErrorRequestHandler {
  return (error, req, res, next) => {
    const format = formatOf(req.headers['content-type']);
    if (!format || !(error instanceof InputError)) {
      next(error);
      return;
    }
    reply(res, format, 400, RPC_CODE.INVALID_ARGUMENT, error.message);
  };
}

function formatOf(contentType: string | undefined): Format | undefined {
  const type = contentType?.split(';')[0].trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'application/x-protobuf' || type === 'application/protobuf') {
    return 'protobuf';
  }
  return undefined;
}

async function authenticate(
  req: Request,
  httpAuth: HttpAuthService,
  config: ServiceGraphConfig,
): Promise<void> {
  if (!req.headers.authorization) {
    if (
      config.ingest.allowUnauthenticatedLoopback &&
      isLoopback(req.socket.remoteAddress)
    ) {
      return;
    }
    throw new AuthenticationError(
      'Authorization: a Backstage service token is required (backend.auth.externalAccess)',
    );
  }
  await httpAuth.credentials(req, { allow: ['service'] });
}

function isLoopback(address: string | undefined): boolean {
  return (
    !!address &&
    (address === '::1' ||
      address.startsWith('127.') ||
      address.startsWith('::ffff:127.'))
  );
}

function reply(
  res: Response,
  format: Format,
  status: number,
  code: number,
  message: string,
): void {
  if (format === 'json') {
    res.status(status).json({ code, message });
    return;
  }
  res
    .status(status)
    .type('application/x-protobuf')
    .send(encodeStatus(code, message));
}

/** google.rpc.Status { int32 code = 1; string message = 2; } */
function encodeStatus(code: number, message: string): Buffer {
  const text = Buffer.from(message, 'utf8');
  return Buffer.concat([
    Buffer.from([0x08]),
    varint(code),
    Buffer.from([0x12]),
    varint(text.length),
    text,
  ]);
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let v = value;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return Buffer.from(bytes);
}
