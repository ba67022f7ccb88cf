import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** One service's spans of the trace, exported `atMs` after the first part. */
export type TracePart = {
  service: 'frontend' | 'checkout' | 'cart' | 'payment';
  atMs: number;
  encoding: 'json' | 'protobuf';
};

/**
 * Exports the one trace of exportTraceInParts.js with the stock OTel SDK, a
 * provider and exporter per service; resolves with its trace id.
 */
export async function exportTraceInParts(options: {
  url: string;
  token?: string;
  parts: TracePart[];
}): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [require.resolve('./exportTraceInParts.js'), JSON.stringify(options)],
    { timeout: 30_000 },
  );
  return stdout.trim();
}
