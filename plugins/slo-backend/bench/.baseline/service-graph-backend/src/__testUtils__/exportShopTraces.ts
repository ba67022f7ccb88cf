import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** The shop orders in exportShopTraces.js, sent by the stock OTel SDK. */
export async function exportShopTraces(options: {
  url: string;
  token?: string;
  encoding: 'json' | 'protobuf';
  compression: 'gzip' | 'none';
  orders: number;
}): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    [require.resolve('./exportShopTraces.js'), JSON.stringify(options)],
    { timeout: 30_000 },
  );
}
