import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { answerClientErrors } from '../api/edges.ts';
import { createServerApp } from '../app/server-app.ts';
import { connectDatabase } from '../db/client.ts';

/** The HTTP app alone, in its own process so that its memory can be read (bench/request-size.ts). */
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL est requis.');
const connection = connectDatabase(databaseUrl, { max: 4 });
const app = createServerApp({
  db: connection.db,
  // Anonymous logins refused for their size never reach Temporal: a lazy connection never opened.
  temporal: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }),
  taskQueue: 'bench-unused',
  searchAttributes: false,
  devMailbox: false,
  appUrl: 'http://localhost:3000',
  auth: { trustProxy: true },
});
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
  process.stdout.write(`ready ${info.port}\n`);
}) as Server;
answerClientErrors(server);
