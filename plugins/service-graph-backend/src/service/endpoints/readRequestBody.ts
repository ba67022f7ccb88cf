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
 * Reads the raw request body, gunzipping it when `Content-Encoding: gzip`.
 * Both the wire size and the decompressed size are capped, so neither a
 * large upload nor a small gzip bomb can exhaust memory.
 */
export async function readRequestBody(
  req: Request,
  options: { maxBytes: number },
): Promise<Buffer> {
  const { maxBytes } = options;
  const raw = await readStream(req, maxBytes);
  const encoding = (req.headers['content-encoding'] ?? 'identity')
    .toString()
    .toLowerCase();
  if (encoding === 'identity') return raw;
  if (encoding !== 'gzip') {
    throw new InputError(
      `Content-Encoding: only gzip and identity are supported, got ${encoding}`,
    );
  }
  try {
    return await gunzip(raw, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new BodyTooLargeError(
        `decompressed body exceeds serviceGraph.ingest.maxBodyBytes=${maxBytes}`,
      );
    }
    throw new InputError(`body: not valid gzip (${(error as Error).message})`);
  }
}

function readStream(req: Request, maxBytes: number): Promise<Buffer> {
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
      const body = Buffer.concat(chunks, size);
      // The request object outlives the body until it is answered, after
      // the commit; the chunks should not (see readAndDecode).
      chunks.length = 0;
      resolve(body);
    });
    req.on('error', error => {
      if (!failed) reject(error);
    });
  });
}
