import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';

const resultsDir = new URL('./results/', import.meta.url);

/** The day and the machine a result was measured on, as its first line says them. */
export function measuredOn(): { date: string; machine: string } {
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  return { date, machine };
}

/** bench/results/<name>.json (the figures) and <name>.md (the report's lines). */
export async function writeResults(name: string, figures: object, lines: string[]): Promise<void> {
  await mkdir(resultsDir, { recursive: true });
  await writeFile(new URL(`${name}.json`, resultsDir), `${JSON.stringify(figures, null, 2)}\n`);
  await writeFile(new URL(`${name}.md`, resultsDir), `${lines.join('\n')}\n`);
  console.log(`Résultats : bench/results/${name}.md`);
}
