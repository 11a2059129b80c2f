import { readConfig } from '../app/config.ts';
import { connectDatabase } from '../db/client.ts';
import { seedDemoData } from '../db/seed.ts';

const config = readConfig();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL est requis (npm start démarre une base embarquée).');
const database = connectDatabase(config.DATABASE_URL);
await seedDemoData(database.db);
await database.close();
console.log('Données de démonstration en place.');
