import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { pscRedirectUri } from '../api/auth/psc-client.ts';
import { refreshAnswerStats } from '../api/facilities/answer-stats.ts';
import { devMailboxEnabled, isProduction, payloadKeys, readConfig, temporalAddress } from '../app/config.ts';
import { seedDemoCases } from '../app/demo-cases.ts';
import { clientDataConverter } from '../app/payload-codec.ts';
import { demoPscIdentities, type LocalPsc, startLocalPsc } from '../app/psc-local.ts';
import { registerSearchAttributes } from '../app/search-attributes.ts';
import { temporalCliPath, temporalDevServerArgs } from '../app/temporal-tools.ts';
import { connectDatabase } from '../db/client.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../db/embedded.ts';
import { importShippedData } from '../db/import/shipped-data.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { demoPassword, seedDemoData } from '../db/seed.ts';
import { demoUsers } from '../db/seed-data.ts';
import { demoPcoUsers } from '../db/seed-pco.ts';
import { directorySettings } from '../services/directory/settings.ts';
import { randomToken } from '../services/identity/tokens.ts';

/**
 * The whole platform on embedded defaults: Temporal dev server (file database), embedded
 * PostgreSQL, migrations and demo data, then the worker and the HTTP server. Ctrl-C stops all.
 */
// The development mailbox is asked for explicitly here (and only here): `npm start` is development.
const config = readConfig({ PARCOURS_DEV_MAILBOX: 'true', ...process.env });
const dataDir = resolve(config.PARCOURS_DATA_DIR);
mkdirSync(dataDir, { recursive: true });
const children: ChildProcess[] = [];
let database: EmbeddedDatabase | undefined;
let localPsc: LocalPsc | undefined;
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
        ...temporalDevServerArgs({
          dbFilename: `${dataDir}/temporal.db`,
          port: config.TEMPORAL_DEV_PORT,
          uiPort: config.TEMPORAL_UI_PORT,
          namespace: config.TEMPORAL_NAMESPACE,
        }),
        // The UI shows the histories decrypted through the server's codec endpoint (an administrator's session).
        '--ui-codec-endpoint',
        `${config.appUrl}/api/temporal-codec`,
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
    PARCOURS_DEV_MAILBOX: String(config.PARCOURS_DEV_MAILBOX),
    // A person reads these lines: pretty, unless asked otherwise (PARCOURS_LOG_FORMAT=json npm start).
    PARCOURS_LOG_FORMAT: process.env.PARCOURS_LOG_FORMAT || 'pretty',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: address,
    ...(config.TEMPORAL_ADDRESS || config.PARCOURS_TEMPORAL_UI_ORIGIN
      ? {}
      : { PARCOURS_TEMPORAL_UI_ORIGIN: `http://localhost:${config.TEMPORAL_UI_PORT}` }),
    ...(await startPscStandIn()),
  };
  children.push(spawnChild('worker', process.execPath, ['--import', 'tsx', 'bin/worker.ts'], env));
  children.push(spawnChild('server', process.execPath, ['--import', 'tsx', 'bin/server.ts'], env));
  await waitForHttp(`http://127.0.0.1:${config.PORT}/readyz`);
  await seedCases(address, databaseUrl);
  printWelcome(address);
}

/** Demo cases in every state, played by the real rules from their past once the worker runs (development only). */
async function seedCases(address: string, databaseUrl: string): Promise<void> {
  if (isProduction(config)) return;
  log('Dossiers de démonstration (Rhône, Gironde)…');
  const connection = await Connection.connect({ address });
  const database = connectDatabase(databaseUrl, { max: 2 });
  try {
    const temporal = new Client({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      dataConverter: clientDataConverter(payloadKeys(config)),
    });
    const { started, kept } = await seedDemoCases({
      db: database.db,
      temporal,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      searchAttributes: config.PARCOURS_SEARCH_ATTRIBUTES,
      log: (line) => log(line),
    });
    log(`  ${started} dossier(s) créé(s), ${kept} déjà présent(s).`);
  } finally {
    await database.close();
    await connection.close();
  }
}

/** The local stand-in of Pro Santé Connect, unless a real PSC (PSC_ISSUER…) is configured. */
async function startPscStandIn(): Promise<Record<string, string>> {
  if (config.PSC_ISSUER) return {};
  const port = config.PARCOURS_PSC_PORT;
  const taken = {
    PORT: config.PORT,
    PARCOURS_PG_PORT: config.PARCOURS_PG_PORT,
    TEMPORAL_DEV_PORT: config.TEMPORAL_DEV_PORT,
    TEMPORAL_UI_PORT: config.TEMPORAL_UI_PORT,
  };
  const clash = Object.entries(taken).find(([, used]) => used === port);
  if (clash) throw new Error(`PARCOURS_PSC_PORT (${port}) est déjà le port de ${clash[0]} : choisissez-en un autre.`);
  log(`Pro Santé Connect de développement (port ${port})…`);
  const client = { clientId: 'parcours-dev', clientSecret: randomToken() };
  localPsc = await startLocalPsc({ port, ...client, redirectUris: [pscRedirectUri(config.appUrl)] });
  return { PSC_ISSUER: localPsc.issuer, PSC_CLIENT_ID: client.clientId, PSC_CLIENT_SECRET: client.clientSecret };
}

function printWelcome(address: string): void {
  const lines = [
    '',
    'Parcours est démarré.',
    `  Interface web        ${config.appUrl}`,
    `  Documentation API    ${config.appUrl}/api/docs`,
    ...(devMailboxEnabled(config)
      ? [`  Boîte mail de dév.   ${config.appUrl}/dev/boite-mail (depuis cette machine)`]
      : []),
    ...(localPsc
      ? [`  Pro Santé Connect    ${localPsc.issuer} (simulation locale ; client « parcours-dev »)`]
      : config.PSC_ISSUER
        ? [`  Pro Santé Connect    ${config.PSC_ISSUER}`]
        : []),
    config.TEMPORAL_ADDRESS
      ? `  Temporal             ${address}`
      : `  Temporal UI          http://localhost:${config.TEMPORAL_UI_PORT}`,
    '',
    `Comptes de démonstration, sur ${config.appUrl}/connexion : RPPS (médecins) ou e-mail, mot de passe « ${demoPassword} »,`,
    devMailboxEnabled(config)
      ? `puis le code reçu dans la boîte mail de développement (${config.appUrl}/dev/boite-mail) :`
      : 'puis le code reçu par e-mail :',
    ...[...demoUsers, ...demoPcoUsers].map(
      (user) => `  ${('rpps' in user && user.rpps ? user.rpps : user.email).padEnd(44)}  ${user.displayName}`,
    ),
    '',
    ...(localPsc
      ? [
          `Création d’un compte de médecin : ${config.appUrl}/connexion → « S’identifier avec Pro Santé Connect »,`,
          'puis une identité de démonstration :',
          ...demoPscIdentities.map(
            (identity) =>
              `  RPPS ${identity.rpps}  Dr ${identity.givenName} ${identity.familyName}${identity.note ? ` (${identity.note})` : ''}`,
          ),
          '',
        ]
      : []),
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
  await localPsc?.stop().catch(() => {});
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
