import fs from 'node:fs';
import path from 'node:path';

const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'dist-types']);
const YAML_FILE = /\.ya?ml$/i;
const CATALOG_FILE = /^catalog-info\.ya?ml$/i;
// Cheap test for "holds a catalog or OpenSLO document", so that the other
// YAML of a monorepo (CI, Kubernetes, Helm) is not parsed.
const ENTITY_API_VERSION = /^\s*apiVersion:\s*['"]?(backstage\.io|openslo)\//m;

/** Code unit order, the same on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export type CollectedFile = { file: string; text: string };

/**
 * The files to read for the given paths. A file named on the command line
 * is always read; in a directory, catalog-info.yaml files and the YAML files
 * that declare a Backstage or OpenSLO apiVersion, skipping hidden
 * directories and node_modules.
 */
export function collectFiles(paths: string[]): CollectedFile[] {
  const out = new Map<string, CollectedFile>();
  const walk = (dir: string) => {
    const entries = fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => compareText(a.name, b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (
          !entry.name.startsWith('.') &&
          !SKIPPED_DIRECTORIES.has(entry.name)
        ) {
          walk(full);
        }
      } else if (entry.isFile() && YAML_FILE.test(entry.name)) {
        const text = fs.readFileSync(full, 'utf8');
        if (CATALOG_FILE.test(entry.name) || ENTITY_API_VERSION.test(text)) {
          out.set(full, { file: full, text });
        }
      }
    }
  };
  for (const given of paths) {
    const full = path.resolve(given);
    const stat = fs.statSync(full, { throwIfNoEntry: false });
    if (!stat) {
      throw new Error(`${given}: no such file or directory`);
    }
    if (stat.isDirectory()) {
      walk(full);
    } else {
      out.set(full, { file: full, text: fs.readFileSync(full, 'utf8') });
    }
  }
  return [...out.values()];
}
