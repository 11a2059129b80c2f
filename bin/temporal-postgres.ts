import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { startTemporalOnPostgres } from '../app/temporal-postgres.ts';

// `npm run temporal:postgres`: the server on its own, until Ctrl-C (data kept in $PARCOURS_DATA_DIR).
const workDir = resolve(process.env.PARCOURS_DATA_DIR ?? '.data', 'temporal-postgres');
await mkdir(workDir, { recursive: true });
const temporal = await startTemporalOnPostgres({ workDir, persistent: true });
console.log(`Temporal sur PostgreSQL prêt : ${temporal.address} (espace de noms « ${temporal.namespace} »).`);
console.log(`Journal : ${temporal.logFile}. Ctrl-C pour arrêter.`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void temporal.stop().then(() => process.exit(0)));
}
