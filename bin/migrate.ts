import { migrateDatabase } from '../db/migrate.ts';
import { readConfig } from './config.ts';

const config = readConfig();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL est requis (npm start démarre une base embarquée).');
await migrateDatabase(config.DATABASE_URL);
console.log('Migrations appliquées.');
