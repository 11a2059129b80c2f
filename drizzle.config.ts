import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: [
    './db/schema.ts',
    './db/schema-pco.ts',
    './db/schema-coordination.ts',
    './db/schema-identity.ts',
    './db/schema-family.ts',
  ],
  out: './db/migrations',
});
