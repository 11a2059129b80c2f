import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';

export interface SourceLine {
  /** 1-based, as an editor shows it. */
  number: number;
  text: string;
}

/**
 * Streams a text file line by line (constant memory, whatever its size), with the number of
 * bytes read so far for a progress display.
 */
export async function* readLines(
  path: string,
  onBytes?: (read: number, total: number) => void,
): AsyncGenerator<SourceLine> {
  const total = (await stat(path)).size;
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  try {
    for await (const text of lines) {
      number++;
      if (number === 1 && text.charCodeAt(0) === 0xfeff) {
        yield { number, text: text.slice(1) };
      } else {
        yield { number, text };
      }
      if (onBytes && number % 2000 === 0) onBytes(stream.bytesRead, total);
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  onBytes?.(total, total);
}

/**
 * Splits one CSV line into fields: `"` quotes a field, `""` inside quotes is a quote. Returns
 * undefined for an unterminated quote (a malformed line; the extracts have no multi-line fields).
 */
export function splitCsvLine(line: string, delimiter: string): string[] | undefined {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let index = 0;
  let atFieldStart = true;
  while (index < line.length) {
    const char = line[index] as string;
    if (quoted) {
      if (char === '"') {
        if (line[index + 1] === '"') {
          field += '"';
          index += 2;
          continue;
        }
        quoted = false;
        index++;
        continue;
      }
      field += char;
      index++;
      continue;
    }
    if (char === '"' && atFieldStart) {
      quoted = true;
      atFieldStart = false;
      index++;
      continue;
    }
    if (char === delimiter) {
      fields.push(field);
      field = '';
      atFieldStart = true;
      index++;
      continue;
    }
    field += char;
    atFieldStart = false;
    index++;
  }
  if (quoted) return undefined;
  fields.push(field);
  return fields;
}
