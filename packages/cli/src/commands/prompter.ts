import { createInterface } from 'node:readline';
import { Readable, Writable } from 'node:stream';

/** Asks one question at a time on a line-based input, such as a terminal or a pipe. */
export type Prompter = {
  /** The answer, or undefined once the input has ended. */
  ask(question: string): Promise<string | undefined>;
  /** Says something without waiting for an answer. */
  say(text: string): void;
  close(): void;
};

/**
 * Reads answers line by line. Lines that arrive before their question (a
 * script piping every answer at once) are queued, not lost, which is what
 * `readline`'s own `question` would do with them.
 */
export function createPrompter(options: {
  input: Readable;
  output: Writable;
}): Prompter {
  const rl = createInterface({ input: options.input, terminal: false });
  const lines: string[] = [];
  let ended = false;
  let waiting: ((line: string | undefined) => void) | undefined;
  rl.on('line', line => {
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve(line);
    } else {
      lines.push(line);
    }
  });
  rl.on('close', () => {
    ended = true;
    waiting?.(undefined);
    waiting = undefined;
  });
  return {
    ask(question) {
      options.output.write(question);
      if (lines.length > 0) {
        return Promise.resolve(lines.shift());
      }
      if (ended) {
        return Promise.resolve(undefined);
      }
      return new Promise(resolve => {
        waiting = resolve;
      });
    },
    say(text) {
      options.output.write(text);
    },
    close() {
      rl.close();
    },
  };
}
