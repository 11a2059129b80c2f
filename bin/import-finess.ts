import { readConfig } from '../app/config.ts';
import { connectDatabase } from '../db/client.ts';
import { importFinessFile } from '../db/import/finess-import.ts';

/**
 * `npm run import:finess -- <file> [<file>…]`: imports FINESS files (the official etalab extract
 * or the cleaned CSVs of shared/data) into the directory of DATABASE_URL, with a progress line,
 * then the counts and every rejected line with its reason.
 */
const files = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const showAll = process.argv.includes('--toutes-les-erreurs');
if (files.length === 0) {
  console.error('Usage : npm run import:finess -- <fichier.csv> [<fichier.csv>…] [--toutes-les-erreurs]');
  process.exit(2);
}
const config = readConfig();
if (!config.DATABASE_URL) {
  console.error('DATABASE_URL est requis (npm start affiche celle de la base embarquée : postgres://…:5433/parcours).');
  process.exit(2);
}
const database = connectDatabase(config.DATABASE_URL, { max: 2 });
const interactive = process.stderr.isTTY;
let lastPercent = -1;
let failed = false;
try {
  for (const file of files) {
    console.log(`Import de ${file}…`);
    const report = await importFinessFile(database.db, file, {
      onProgress: ({ bytesRead, totalBytes, lines }) => {
        const percent = totalBytes > 0 ? Math.floor((100 * bytesRead) / totalBytes) : 100;
        if (interactive) process.stderr.write(`\r  ${percent} % — ${lines.toLocaleString('fr-FR')} lignes lues`);
        else if (percent >= lastPercent + 10 || percent === 100) {
          lastPercent = percent;
          console.log(`  ${percent} % — ${lines.toLocaleString('fr-FR')} lignes lues`);
        }
      },
    });
    if (interactive) process.stderr.write('\n');
    lastPercent = -1;
    console.log(
      [
        `  format : ${report.format === 'etalab' ? 'extraction FINESS etalab (Lambert 93)' : 'CSV nettoyé (WGS84)'}`,
        `  ${report.lines} lignes en ${(report.durationMs / 1000).toFixed(1)} s`,
        `  établissements retenus : ${report.accepted} (créés ${report.created}, mis à jour ${report.updated}, inchangés ${report.unchanged})`,
        report.format === 'etalab' ? `  positions mises à jour : ${report.positionsUpdated}` : undefined,
        `  rejetés : ${report.rejected.length}`,
        `  hors périmètre : ${report.skipped}`,
        report.unresolvedCommunes > 0 ? `  communes non trouvées : ${report.unresolvedCommunes}` : undefined,
      ]
        .filter(Boolean)
        .join('\n'),
    );
    for (const [reason, count] of Object.entries(report.skippedReasons)) console.log(`    ${count} × ${reason}`);
    const shown = showAll ? report.rejected : report.rejected.slice(0, 50);
    for (const rejection of shown) console.log(`    ligne ${rejection.line} : ${rejection.reason}`);
    if (shown.length < report.rejected.length) {
      console.log(`    … et ${report.rejected.length - shown.length} autres (--toutes-les-erreurs pour tout voir)`);
    }
  }
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
} finally {
  await database.close();
}
process.exit(failed ? 1 : 0);
