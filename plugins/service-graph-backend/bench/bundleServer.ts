import { build } from 'esbuild';
import { join } from 'node:path';

/**
 * Bundles bench/server.ts with this repository's packages into one file in
 * `dir`, much as a production build does (`backstage-cli package build`
 * bundles each package's modules into one file, with Rollup and esbuild);
 * node_modules packages stay outside, each resolved to the very file that
 * running from source would load. The backend then runs as deployed, not
 * through tsx, whose per-module transpiling turns every call of another
 * module's function into a getter call: 8–12% of the ingest path's time.
 */
export async function bundleServer(dir: string): Promise<string> {
  const outfile = join(dir, 'server.cjs');
  await build({
    entryPoints: [join(__dirname, 'server.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    logLevel: 'warning',
    plugins: [
      {
        name: 'node-modules-outside',
        setup(bundler) {
          bundler.onResolve({ filter: /^[^./]/ }, args =>
            args.path.startsWith('@steward/')
              ? undefined
              : {
                  path: require.resolve(args.path, {
                    paths: [args.resolveDir],
                  }),
                  external: true,
                },
          );
        },
      },
    ],
  });
  return outfile;
}
