import { readConfig } from '../app/config.ts';
import { connectDatabase } from '../db/client.ts';
import { verifyAuditChain } from '../services/identity/audit.ts';

/** `npm run audit:verify`: walks the security journal's hash chain; exit code 1 if it is broken. */
const config = readConfig();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL est requis (npm start démarre une base embarquée).');
const database = connectDatabase(config.DATABASE_URL, { max: 1 });
try {
  const result = await verifyAuditChain(database.db);
  if (result.ok) {
    console.log(`Journal de sécurité intègre : ${result.count} événement(s) vérifié(s).`);
  } else {
    console.error(
      `Journal de sécurité altéré à l’événement n° ${result.brokenAt} : ${result.reason} (${result.count} événement(s) intègres avant).`,
    );
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
