import http from 'node:http';
import { AddressInfo } from 'node:net';

/** A request the fake provider received. */
export type ReceivedRequest = {
  path: string;
  query: URLSearchParams;
  authorization?: string;
};

/** A fault the fake provider plays on every request until cleared. */
export type ProviderFault = { delayMs?: number; status?: number };

/**
 * A loopback HTTP server answering GETs from a route table, refusing any
 * request without the expected Authorization header with 401 as the real
 * providers do. Each route returns a JSON body, or a status number.
 * `setFault` makes it slow or failing.
 */
export async function startFakeProvider(options: {
  authorization: string;
  routes: Array<{
    path: RegExp;
    reply: (match: RegExpMatchArray, query: URLSearchParams) => unknown;
  }>;
}): Promise<{
  baseUrl: string;
  requests: ReceivedRequest[];
  setFault(fault: ProviderFault | undefined): void;
  close(): Promise<void>;
}> {
  const requests: ReceivedRequest[] = [];
  let fault: ProviderFault | undefined;
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
    });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (fault?.delayMs) {
      await new Promise(resolve => setTimeout(resolve, fault!.delayMs));
    }
    if (fault?.status) {
      send(fault.status, { error: { message: 'injected failure' } });
      return;
    }
    if (req.headers.authorization !== options.authorization) {
      send(401, { error: { message: 'Unauthorized', code: 2006 } });
      return;
    }
    for (const route of options.routes) {
      const match = url.pathname.match(route.path);
      if (req.method === 'GET' && match) {
        const reply = route.reply(match, url.searchParams);
        if (typeof reply === 'number') {
          send(reply, { error: { message: 'failure' } });
        } else {
          send(200, reply);
        }
        return;
      }
    }
    send(404, { error: { message: 'Not Found', code: 2100 } });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    setFault: value => {
      fault = value;
    },
    close: () => new Promise(resolve => server.close(() => resolve())),
  };
}
