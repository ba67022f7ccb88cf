import path from 'node:path';
import { collectFiles } from '../validate/collectFiles';
import { parseYamlFile } from '../validate/yamlFiles';

/** A document of a file, not yet validated: each generator checks its own. */
export type LoadedDocument = { value: unknown; file: string };

/**
 * The documents of the files under `paths`, and the YAML syntax errors met
 * on the way as `file:line:column message` lines.
 */
export function loadDocuments(options: { paths: string[]; cwd: string }): {
  documents: LoadedDocument[];
  syntaxErrors: string[];
} {
  const documents: LoadedDocument[] = [];
  const syntaxErrors: string[] = [];
  for (const file of collectFiles(options.paths)) {
    const name = path.relative(options.cwd, file.file) || file.file;
    const parsed = parseYamlFile(file.text);
    for (const error of parsed.errors) {
      syntaxErrors.push(
        `${name}:${error.line}:${error.column} ${error.message} (${error.code})`,
      );
    }
    for (const doc of parsed.documents) {
      documents.push({ value: doc.value, file: name });
    }
  }
  return { documents, syntaxErrors };
}
