import { InputError } from '@backstage/errors';
import { Request } from 'express';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const gunzip = promisify(zlib.gunzip);

/** The body exceeded the configured limit (answered with 413). */
export class BodyTooLargeError extends Error {
  name = 'BodyTooLargeError';
}

/**
 * Buffers that bodies are assembled in, reused from request to request.
 * A new buffer per body is off-heap memory the size of the body, and V8
 * answers a high rate of such allocations with full collections: at
 * 60 MB/s of JSON, a mark-compact every few seconds and about 2 µs of
 * collector threads' time per span. Bodies are only lent (see
 * `useRequestBody`) and, but for gzip's, used one at a time: a few
 * buffers serve every request.
 */
export class BodyBufferPool {
  private readonly free: Buffer[] = [];

  private constructor(
    private readonly options: { maxBuffers: number; maxBufferBytes: number },
  ) {}

  static create(options: {
    maxBuffers: number;
    maxBufferBytes: number;
  }): BodyBufferPool {
    return new BodyBufferPool(options);
  }

  /** A buffer of at least `size` bytes, pooled or new. */
  take(size: number): Buffer {
    const i = this.free.findIndex(buffer => buffer.length >= size);
    if (i >= 0) {
      return this.free.splice(i, 1)[0];
    }
    // Grown in powers of two, so that bodies of similar sizes share one.
    let length = 64 * 1024;
    while (length < size) length *= 2;
    return Buffer.allocUnsafeSlow(
      length <= this.options.maxBufferBytes ? length : size,
    );
  }

  give(buffer: Buffer): void {
    if (
      buffer.length <= this.options.maxBufferBytes &&
      this.free.length < this.options.maxBuffers
    ) {
      this.free.push(buffer);
    }
  }
}

/**
 * Reads the raw request body, gunzipping it when `Content-Encoding: gzip`,
 * and lends it to `use`: the bytes are reused for another request once
 * `use` returns, so `use` must copy whatever it keeps. Both the wire size
 * and the decompressed size are capped, so neither a large upload nor a
 * small gzip bomb can exhaust memory.
 */
export async function useRequestBody<T>(
  req: Request,
  options: { maxBytes: number; pool: BodyBufferPool },
  use: (body: Buffer) => T,
): Promise<T> {
  const { maxBytes, pool } = options;
  const { chunks, size } = await readStream(req, maxBytes);
  const encoding = (req.headers['content-encoding'] ?? 'identity')
    .toString()
    .toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    throw new InputError(
      `Content-Encoding: only gzip and identity are supported, got ${encoding}`,
    );
  }
  const raw = pool.take(size);
  try {
    let at = 0;
    for (const chunk of chunks) {
      at += chunk.copy(raw, at);
    }
    // The request outlives its chunks until it is answered, after the
    // commit: what is still reachable at a scavenge is copied, then promoted.
    chunks.length = 0;
    const body = raw.subarray(0, size);
    return use(encoding === 'gzip' ? await gunzipped(body, maxBytes) : body);
  } finally {
    pool.give(raw);
  }
}

async function gunzipped(body: Buffer, maxBytes: number): Promise<Buffer> {
  try {
    return await gunzip(body, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new BodyTooLargeError(
        `decompressed body exceeds serviceGraph.ingest.maxBodyBytes=${maxBytes}`,
      );
    }
    throw new InputError(`body: not valid gzip (${(error as Error).message})`);
  }
}

function readStream(
  req: Request,
  maxBytes: number,
): Promise<{ chunks: Buffer[]; size: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > maxBytes) {
        failed = true;
        // Keep reading (and discarding) so the reply reaches the client.
        reject(
          new BodyTooLargeError(
            `body exceeds serviceGraph.ingest.maxBodyBytes=${maxBytes}`,
          ),
        );
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (failed) return;
      resolve({ chunks, size });
    });
    req.on('error', error => {
      if (!failed) reject(error);
    });
  });
}
