/** Reads a CSV of the observatory back (`;`, `\r\n`, double quotes around a field that needs them). */
export function csvRows(text: string): string[][] {
  return text
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) =>
      [...line.matchAll(/(?:^|;)("(?:[^"]|"")*"|[^;]*)/g)].map((match) => {
        const value = match[1] ?? '';
        return value.startsWith('"') ? value.slice(1, -1).replaceAll('""', '"') : value;
      }),
    );
}

/** The same, each row keyed by the header's names. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = csvRows(text);
  return rows.map((row) => Object.fromEntries((header ?? []).map((name, index) => [name, row[index] ?? ''])));
}
