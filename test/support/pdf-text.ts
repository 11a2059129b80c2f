import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF as pdfkit writes it (standard fonts, WinAnsi codes in hex strings of TJ
 * operators), one string per text operator, joined by new lines: enough to check what a document
 * says, not a general PDF reader. Compressed streams (FlateDecode) are inflated first; others read as they are.
 */
export function pdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const lines: string[] = [];
  for (const match of source.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    const bytes = Buffer.from(match[1] ?? '', 'latin1');
    const content = inflated(bytes) ?? bytes.toString('latin1');
    for (const operator of content.matchAll(/\[((?:<[0-9a-fA-F]*>|\s|-?[\d.]+)*)\]\s*TJ/g)) {
      const hex = [...(operator[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map((piece) => piece[1]).join('');
      lines.push(decodeWinAnsi(Buffer.from(hex, 'hex')));
    }
  }
  return lines.join('\n');
}

function inflated(bytes: Buffer): string | undefined {
  try {
    return inflateSync(bytes).toString('latin1');
  } catch {
    return undefined;
  }
}

/** Whether a buffer is a PDF document (its header and its end-of-file marker). */
export function isPdf(bytes: Buffer): boolean {
  return bytes.subarray(0, 5).toString('latin1') === '%PDF-' && bytes.subarray(-8).toString('latin1').includes('%%EOF');
}

// Windows-1252 where it differs from Latin-1 (Node's TextDecoder may lack it without full ICU).
const winAnsiHigh: Record<number, string> = {
  128: '\u20ac',
  130: '\u201a',
  131: '\u0192',
  132: '\u201e',
  133: '\u2026',
  134: '\u2020',
  135: '\u2021',
  136: '\u02c6',
  137: '\u2030',
  138: '\u0160',
  139: '\u2039',
  140: '\u0152',
  142: '\u017d',
  145: '\u2018',
  146: '\u2019',
  147: '\u201c',
  148: '\u201d',
  149: '\u2022',
  150: '\u2013',
  151: '\u2014',
  152: '\u02dc',
  153: '\u2122',
  154: '\u0161',
  155: '\u203a',
  156: '\u0153',
  158: '\u017e',
  159: '\u0178',
};

function decodeWinAnsi(bytes: Buffer): string {
  return [...bytes].map((byte) => winAnsiHigh[byte] ?? String.fromCharCode(byte)).join('');
}
