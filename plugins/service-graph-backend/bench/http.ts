import http from 'node:http';

/** What the receiver answered to one export request. */
export type Reply = {
  status: number;
  body: Buffer;
  /** The `Retry-After` header, in seconds, when present. */
  retryAfter?: string;
};

/**
 * One OTLP/HTTP export to `/api/service-graph/v1/traces`, without retries:
 * a connection error rejects, so a caller can tell a request that got no
 * answer (as when the backend is killed mid-request) from one that did.
 */
export function postOnce(options: {
  port: number;
  body: Buffer;
  contentType: string;
  agent?: http.Agent;
  host?: string;
  headers?: Record<string, string>;
}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: options.host ?? '127.0.0.1',
        port: options.port,
        path: '/api/service-graph/v1/traces',
        method: 'POST',
        agent: options.agent,
        headers: {
          ...options.headers,
          'Content-Type': options.contentType,
          'Content-Length': options.body.length,
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const retryAfter = res.headers['retry-after'];
          resolve({
            status: res.statusCode!,
            body: Buffer.concat(chunks),
            retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * Whether the server acknowledged every span of the request: 200 with the
 * empty ExportTraceServiceResponse (`{}` or zero bytes). A partial success
 * or any other answer counts as a failed request, none of its spans counted.
 */
export function fullyAcknowledged(reply: Reply): boolean {
  if (reply.status !== 200) return false;
  const text = reply.body.toString('utf8').trim();
  return text === '' || text === '{}';
}
