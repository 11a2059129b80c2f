import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { directoryImports } from '../schema.ts';
import { importCommunes } from './communes-import.ts';
import { importFinessFile } from './finess-import.ts';

/**
 * The reference data shipped beside the repository (`../shared/data`, or `PARCOURS_SHARED_DATA_DIR`):
 * communes first (facilities resolve their commune against them), then the FINESS extracts of
 * receiving facilities. Each file is imported once per content: its SHA-256 is stored, and an
 * unchanged file is skipped, so a second start costs a few hashes.
 */
export function sharedDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.PARCOURS_SHARED_DATA_DIR ?? fileURLToPath(new URL('../../../shared/data', import.meta.url)));
}

export interface ShippedImportOutcome {
  source: string;
  skipped: boolean;
  counts: Record<string, number>;
  durationMs: number;
}

/** FINESS files imported at start; the price points without a FINESS number cannot be keyed, so they are not. */
const facilityFilePattern = /^finess_.*\.csv$/;

export async function importShippedData(
  db: Database,
  options: { dataDir?: string; log?: (line: string) => void; force?: boolean } = {},
): Promise<ShippedImportOutcome[]> {
  const dataDir = options.dataDir ?? sharedDataDir();
  const log = options.log ?? (() => {});
  if (!existsSync(dataDir)) {
    log(`Données de référence absentes (${dataDir}) : annuaire limité aux établissements de démonstration.`);
    return [];
  }
  const files: { source: string; path: string; run: () => Promise<Record<string, number>> }[] = [];
  for (const [name, arrondissements] of [
    ['communes.csv', false],
    ['arrondissements_plm.csv', true],
  ] as const) {
    const path = join(dataDir, 'geo', name);
    if (!existsSync(path)) continue;
    files.push({
      source: `geo/${name}`,
      path,
      run: async () => {
        const report = await importCommunes(db, path, { arrondissements });
        return { rows: report.rows, rejected: report.rejected.length };
      },
    });
  }
  const facilityDir = join(dataDir, 'facilities');
  const facilityFiles = existsSync(facilityDir)
    ? (await readdir(facilityDir)).filter((name) => facilityFilePattern.test(name)).sort()
    : [];
  for (const name of facilityFiles) {
    const path = join(facilityDir, name);
    files.push({
      source: `facilities/${name}`,
      path,
      run: async () => {
        const report = await importFinessFile(db, path);
        return {
          accepted: report.accepted,
          created: report.created,
          updated: report.updated,
          unchanged: report.unchanged,
          rejected: report.rejected.length,
          skipped: report.skipped,
        };
      },
    });
  }

  const outcomes: ShippedImportOutcome[] = [];
  for (const file of files) {
    const started = performance.now();
    const sha256 = await fileSha256(file.path);
    const [previous] = await db.select().from(directoryImports).where(eq(directoryImports.source, file.source));
    if (!options.force && previous?.sha256 === sha256) {
      outcomes.push({ source: file.source, skipped: true, counts: previous.counts, durationMs: 0 });
      continue;
    }
    const counts = await file.run();
    await db
      .insert(directoryImports)
      .values({ source: file.source, sha256, counts, importedAt: new Date() })
      .onConflictDoUpdate({ target: directoryImports.source, set: { sha256, counts, importedAt: new Date() } });
    const durationMs = Math.round(performance.now() - started);
    log(`${file.source} : ${describeCounts(counts)} (${(durationMs / 1000).toFixed(1)} s)`);
    outcomes.push({ source: file.source, skipped: false, counts, durationMs });
  }
  const unchanged = outcomes.filter((outcome) => outcome.skipped).length;
  if (unchanged > 0) log(`${unchanged} fichier(s) de référence inchangé(s) depuis leur dernier import : ignorés.`);
  return outcomes;
}

export function describeCounts(counts: Record<string, number>): string {
  const labels: Record<string, string> = {
    rows: 'lignes',
    accepted: 'retenus',
    created: 'créés',
    updated: 'mis à jour',
    unchanged: 'inchangés',
    rejected: 'rejetés',
    skipped: 'hors périmètre',
  };
  return Object.entries(counts)
    .map(([key, value]) => `${value} ${labels[key] ?? key}`)
    .join(', ');
}

export function fileSha256(path: string): Promise<string> {
  return new Promise((resolveHash, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolveHash(hash.digest('hex')))
      .on('error', reject);
  });
}
