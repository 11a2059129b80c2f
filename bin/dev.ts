import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { refreshAnswerStats } from '../api/facilities/answer-stats.ts';
import { directorySettings } from '../api/facilities/settings.ts';
import { connectDatabase } from '../db/client.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../db/embedded.ts';
import { importShippedData } from '../db/import/shipped-data.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { demoPassword, seedDemoData } from '../db/seed.ts';
import { demoUsers } from '../db/seed-data.ts';
import { demoPcoUsers } from '../db/seed-pco.ts';
import { cliTypeNames, referralSearchAttributes } from '../workflows/search-attributes.ts';
import { readConfig, temporalAddress } from './config.ts';
import { registerSearchAttributes } from './register-search-attributes.ts';
import { temporalCliPath } from './temporal-tools.ts';

/**
 * The whole platform on embedded defaults: Temporal dev server (file database), embedded
 * PostgreSQL, migrations and demo data, then the worker and the HTTP server. Ctrl-C stops all.
 */
const config = readConfig(process.env);
const dataDir = resolve(config.PARCOURS_DATA_DIR);
mkdirSync(dataDir, { recursive: true });
const children: ChildProcess[] = [];
let database: EmbeddedDatabase | undefined;
let stopping = false;

async function main(): Promise<void> {
  execFileSync('bash', ['bin/install-tools.sh'], { stdio: 'inherit' });

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    log(`PostgreSQL embarqué (données dans ${dataDir}/pg, port ${config.PARCOURS_PG_PORT})…`);
    database = await startEmbeddedPostgres({
      dataDir: `${dataDir}/pg`,
      port: config.PARCOURS_PG_PORT,
      database: 'parcours',
      persistent: true,
    });
    databaseUrl = database.url;
  }

  const address = temporalAddress(config);
  if (!config.TEMPORAL_ADDRESS) {
    log(`Serveur Temporal de développement (données dans ${dataDir}/temporal.db)…`);
    children.push(
      spawnChild('temporal', temporalCliPath(), [
        'server',
        'start-dev',
        '--db-filename',
        `${dataDir}/temporal.db`,
        '--ip',
        '127.0.0.1',
        '--port',
        String(config.TEMPORAL_DEV_PORT),
        '--ui-port',
        String(config.TEMPORAL_UI_PORT),
        '--namespace',
        config.TEMPORAL_NAMESPACE,
        '--log-level',
        'error',
        ...referralSearchAttributes.flatMap((key) => ['--search-attribute', `${key.name}=${cliTypeNames[key.type]}`]),
      ]),
    );
  }
  await waitForTemporal(address);

  log('Migrations, annuaire des établissements (FINESS) et données de démonstration…');
  await migrateDatabase(databaseUrl);
  const seeding = connectDatabase(databaseUrl, { max: 1 });
  // Skips every reference file already imported with the same content (SHA-256 stored).
  await importShippedData(seeding.db, { log: (line) => log(`  ${line}`) });
  await seedDemoData(seeding.db);
  await refreshAnswerStats(seeding.db, { windowDays: directorySettings().rankingWindowDays });
  await seeding.close();

  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: address,
  };
  children.push(spawnChild('worker', process.execPath, ['--import', 'tsx', 'bin/worker.ts'], env));
  children.push(spawnChild('server', process.execPath, ['--import', 'tsx', 'bin/server.ts'], env));
  await waitForHttp(`http://127.0.0.1:${config.PORT}/api/health`);
  printWelcome(address);
}

function printWelcome(address: string): void {
  const lines = [
    '',
    'Parcours est démarré.',
    `  Interface web        ${config.appUrl}`,
    `  Documentation API    ${config.appUrl}/api/docs`,
    `  Boîte mail de dév.   ${config.appUrl}/dev/boite-mail`,
    config.TEMPORAL_ADDRESS
      ? `  Temporal             ${address}`
      : `  Temporal UI          http://localhost:${config.TEMPORAL_UI_PORT}`,
    '',
    `Comptes de démonstration, sur ${config.appUrl}/connexion : RPPS (médecins) ou e-mail, mot de passe « ${demoPassword} »,`,
    `puis le code reçu dans la boîte mail de développement (${config.appUrl}/dev/boite-mail) :`,
    ...[...demoUsers, ...demoPcoUsers].map(
      (user) => `  ${('rpps' in user && user.rpps ? user.rpps : user.email).padEnd(44)}  ${user.displayName}`,
    ),
    '',
    'Ctrl-C pour tout arrêter.',
  ];
  console.log(lines.join('\n'));
}

function spawnChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(command, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[${name}] s’est arrêté (code ${code ?? signal}) : arrêt de la plateforme.`);
      void shutdown(1);
    }
  });
  return child;
}

async function waitForTemporal(address: string): Promise<void> {
  const connection = await waitFor(`Temporal (${address})`, () =>
    Connection.connect({ address, connectTimeout: 1000 }),
  );
  try {
    await registerSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
  } finally {
    await connection.close();
  }
}

async function waitForHttp(url: string): Promise<void> {
  await waitFor(url, async () => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`${what} ne répond pas après ${timeoutMs / 1000} s : ${String(error)}`);
      await new Promise((resolvePoll) => setTimeout(resolvePoll, 250));
    }
  }
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log('Arrêt…');
  // Server and worker first (they drain), then Temporal, then PostgreSQL.
  for (const child of [...children].reverse()) await stopChild(child);
  // In a terminal, Ctrl-C reaches PostgreSQL too; it may already be stopping.
  await database?.stop().catch(() => {});
  process.exit(code);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

function log(message: string): void {
  console.log(`› ${message}`);
}

process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));
main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  void shutdown(1);
});
