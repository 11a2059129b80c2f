import { readConfig } from '../app/config.ts';
import { migrateDatabase } from '../db/migrate.ts';

const config = readConfig();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL est requis (npm start démarre une base embarquée).');
await migrateDatabase(config.DATABASE_URL);
console.log('Migrations appliquées.');
