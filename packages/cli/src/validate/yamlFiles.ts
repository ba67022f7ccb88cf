import {
  LineCounter,
  Node,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
} from 'yaml';

/** 1-based, as editors count. */
export type Position = { line: number; column: number };

/** One YAML document of a file: its value and where its fields are. */
export type YamlDocument = {
  value: unknown;
  /** Where the document starts. */
  start: Position;
  /**
   * Where a field is: the value of a scalar, else the key that holds it.
   * A field that is absent resolves to the deepest ancestor present, which
   * is where it must be added. `at: 'key'` always points at the key.
   */
  locate(path: ReadonlyArray<string | number>, at?: 'key' | 'value'): Position;
};

export type YamlSyntaxError = Position & { code: string; message: string };

export type ParsedYamlFile = {
  documents: YamlDocument[];
  errors: YamlSyntaxError[];
};

function locator(options: {
  contents: Node | null;
  startOffset: number;
  position: (offset: number) => Position;
}) {
  return (
    path: ReadonlyArray<string | number>,
    at: 'key' | 'value' = 'value',
  ): Position => {
    let node: unknown = options.contents;
    let offset = options.startOffset;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find(
          item => isScalar(item.key) && String(item.key.value) === String(key),
        );
        if (!pair) break;
        const keyNode = pair.key as Node;
        const valueNode = pair.value as Node | null;
        offset =
          at === 'value' && isScalar(valueNode) && valueNode.range
            ? valueNode.range[0]
            : keyNode.range?.[0] ?? offset;
        node = valueNode;
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key] as Node | undefined;
        if (!item?.range) break;
        offset = item.range[0];
        node = item;
      } else {
        break;
      }
    }
    return options.position(offset);
  };
}

/** The part of a yaml error message before its position and code excerpt. */
function syntaxMessage(message: string): string {
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
}

/**
 * Parses every document of a YAML file, keeping line and column of each
 * node, so that a finding about `spec.owner` points where `owner:` is.
 * Documents with syntax errors are left out; their errors are returned.
 */
export function parseYamlFile(text: string): ParsedYamlFile {
  const lineCounter = new LineCounter();
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const documents: YamlDocument[] = [];
  const errors: YamlSyntaxError[] = [];
  for (const doc of parseAllDocuments(text, { lineCounter })) {
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        errors.push({
          ...position(error.pos[0]),
          code: error.code,
          message: syntaxMessage(error.message),
        });
      }
      continue;
    }
    if (doc.contents === null) {
      continue; // an empty document, as after a trailing `---`
    }
    const startOffset = doc.contents.range?.[0] ?? doc.range[0];
    documents.push({
      value: doc.toJS(),
      start: position(startOffset),
      locate: locator({ contents: doc.contents, startOffset, position }),
    });
  }
  return { documents, errors };
}
