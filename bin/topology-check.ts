import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { readConfig } from '../app/config.ts';
import { formatPayloadKey, newPayloadKey } from '../app/payload-codec.ts';
import { freePort } from '../app/ports.ts';
import { startTemporalOnPostgres, type TemporalOnPostgres } from '../app/temporal-postgres.ts';
import { connectDatabase } from '../db/client.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../db/embedded.ts';
import { facilities, facilityMemberships, users } from '../db/schema.ts';
import { shiftDay, todayInParis } from '../domain/calendar/days.ts';
import { searchText } from '../domain/directory/search-text.ts';
import { setPassword } from '../services/identity/passwords.ts';
import { completeDossier } from '../test/support/dossiers.ts';
import { type ProviderStub, startProviderStub, stubKeys } from '../test/support/provider-stub.ts';
import { waitFor } from '../test/support/wait-for.ts';

/**
 * `npm run topology`: docker-compose.yml's topology as local processes, in production mode, checked
 * from outside as an operator would: Temporal on PostgreSQL (the real server, its schema and
 * namespace scripts), the platform's PostgreSQL, the migrations as a one-shot process, two workers
 * and one server (NODE_ENV=production; e-mail and SMS through a local stand-in of Resend and Brevo
 * that checks each request). People log in through the API with the code the stand-in received; a
 * referral goes from creation to admission; /readyz answers 200, 503 while the platform's
 * PostgreSQL is stopped, 200 again once it is back; every process stops cleanly on SIGTERM.
 * Exits non-zero on the first failure, with the logs' tails.
 */
const repository = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
const timings: Record<string, number> = {};
const processes: { name: string; child: ChildProcess; logFile: string }[] = [];
let workDir = '';
let temporal: TemporalOnPostgres | undefined;
let platformPg: EmbeddedDatabase | undefined;
let stub: ProviderStub | undefined;

async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  const from = Date.now();
  process.stdout.write(`› ${name}… `);
  const result = await work();
  timings[name] = Date.now() - from;
  console.log(`${timings[name]} ms`);
  return result;
}

async function main(): Promise<void> {
  workDir = await mkdtemp(join(tmpdir(), 'parcours-topology-'));
  // PostgreSQL runs as its own user when we are root: it must be able to enter the folder.
  await chmod(workDir, 0o755);
  stub = await startProviderStub();
  const providers = stub;

  temporal = await step('Temporal sur PostgreSQL (schémas, espace de noms, attributs)', () =>
    startTemporalOnPostgres({ workDir: join(workDir, 'temporal') }),
  );
  const pgPort = await freePort();
  const startPlatformPg = async () => {
    platformPg = await startEmbeddedPostgres({
      dataDir: join(workDir, 'platform-pg'),
      port: pgPort,
      database: 'parcours',
      persistent: true,
    });
    return platformPg;
  };
  const databaseUrl = (await step('PostgreSQL de la plateforme', startPlatformPg)).url;

  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const workerPorts = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    PARCOURS_APP_URL: appUrl,
    HOST: '127.0.0.1',
    PORT: String(port),
    RESEND_API_KEY: stubKeys.resend,
    RESEND_BASE_URL: providers.url,
    PARCOURS_MAIL_FROM: 'Parcours <notifications@parcours.example>',
    BREVO_API_KEY: stubKeys.brevo,
    BREVO_BASE_URL: providers.url,
    // Production refuses to start without the payload codec's keys; one key of this run's own.
    PARCOURS_PAYLOAD_KEYS: formatPayloadKey(newPayloadKey('topology-1')),
  };

  await step('Migrations (processus unique, comme le job « migrate »)', async () => {
    const migrate = spawnProcess('migrate', ['bin/migrate.ts'], env);
    const code = await exitOf(migrate);
    if (code !== 0) throw new Error(`les migrations ont échoué (code ${code})`);
  });
  const people = await step('Comptes de l’essai (un médecin, deux établissements)', () => createPeople(databaseUrl));

  await step('Deux workers et un serveur, NODE_ENV=production', async () => {
    for (const [index, healthPort] of workerPorts.entries()) {
      spawnProcess(`worker-${index + 1}`, ['bin/worker.ts'], {
        ...env,
        PARCOURS_WORKER_HEALTH_PORT: String(healthPort),
      });
    }
    spawnProcess('server', ['bin/server.ts'], env);
    for (const probePort of [port, ...workerPorts]) {
      await waitFor(
        `/readyz sur le port ${probePort}`,
        async () => ((await readyz(probePort)).status === 200 ? true : undefined),
        120_000,
      );
    }
  });

  await step('Les deux workers interrogent la file de tâches', async () => {
    const connection = await Connection.connect({ address: temporal?.address ?? '' });
    try {
      await waitFor(
        'deux workers sur la file',
        async () => {
          const described = await connection.workflowService.describeTaskQueue({
            namespace: temporal?.namespace ?? 'default',
            taskQueue: { name: readConfig(env).TEMPORAL_TASK_QUEUE },
            taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
          });
          return new Set((described.pollers ?? []).map((poller) => poller.identity)).size >= 2 ? true : undefined;
        },
        60_000,
      );
    } finally {
      await connection.close();
    }
  });

  const api = apiClient(appUrl);
  const [physician, memberA, memberB] = await step('Connexions par mot de passe et code reçu par e-mail', () =>
    Promise.all([
      api.login(people.physician, providers),
      api.login(people.memberA, providers),
      api.login(people.memberB, providers),
    ]),
  );

  await step('Une demande de bout en bout : création, envoi, accord, refus, choix, admission', async () => {
    // Entry within the admission notice (7 days by default), so the admission may be confirmed today.
    const entry = isoDay(3);
    const dossier = completeDossier('ehpad');
    dossier.administrative = { ...dossier.administrative, desiredEntryDate: entry };
    const created = await api.call(physician, 'POST', '/api/referrals', {
      kind: 'ehpad',
      send: false,
      patient: {
        lastName: 'Topologie',
        firstName: 'Jeanne',
        birthDate: '1938-04-12',
        sex: 'female',
        departement: '69',
      },
      dossier,
      facilityIds: [people.facilityA, people.facilityB],
    });
    expectStatus(created, 201, 'création');
    const caseId = String(created.body.id);
    const tasks = created.body.tasks as { id: string; facility: { id: string } }[];
    const taskOf = (facilityId: string) => tasks.find((task) => task.facility.id === facilityId)?.id ?? '';
    expectStatus(await api.call(physician, 'POST', `/api/referrals/${caseId}/send`), 200, 'envoi');
    // The facilities were told through the e-mail provider.
    await waitFor(
      'les e-mails aux deux établissements',
      async () =>
        providers.deliveriesTo(people.facilityAEmail).length > 0 &&
        providers.deliveriesTo(people.facilityBEmail).length > 0
          ? true
          : undefined,
      60_000,
    );
    const accepted = await api.call(
      memberA,
      'POST',
      `/api/referrals/${caseId}/tasks/${taskOf(people.facilityA)}/accept`,
      {
        proposedEntryDate: entry,
      },
    );
    expectStatus(accepted, 200, 'accord');
    expectStatus(
      await api.call(memberB, 'POST', `/api/referrals/${caseId}/tasks/${taskOf(people.facilityB)}/refuse`, {
        reasonCode: 'no_place',
      }),
      200,
      'refus',
    );
    expectStatus(
      await api.call(physician, 'POST', `/api/referrals/${caseId}/choose`, { taskId: taskOf(people.facilityA) }),
      200,
      'choix',
    );
    const admitted = await api.call(
      memberA,
      'POST',
      `/api/referrals/${caseId}/tasks/${taskOf(people.facilityA)}/confirm-admission`,
    );
    expectStatus(admitted, 200, 'admission');
    if (admitted.body.status !== 'admitted')
      throw new Error(`statut final ${String(admitted.body.status)}, attendu admitted`);
    const read = await api.call(physician, 'GET', `/api/referrals/${caseId}`);
    if (read.body.status !== 'admitted') throw new Error(`le modèle de lecture dit ${String(read.body.status)}`);
  });

  await step('/readyz : 503 pendant l’arrêt de PostgreSQL, puis 200', async () => {
    await platformPg?.stop();
    platformPg = undefined;
    const stoppedAt = Date.now();
    for (const probePort of [port, ...workerPorts]) {
      const down = await waitFor(`503 sur le port ${probePort}`, async () => {
        const result = await readyz(probePort);
        return result.status === 503 ? result : undefined;
      });
      if (down.body.checks?.postgres !== 'failed')
        throw new Error(`503 sans PostgreSQL en cause : ${JSON.stringify(down.body)}`);
    }
    timings['503 après l’arrêt de PostgreSQL'] = Date.now() - stoppedAt;
    const restartedAt = Date.now();
    await startPlatformPg();
    for (const probePort of [port, ...workerPorts]) {
      await waitFor(
        `200 sur le port ${probePort}`,
        async () => ((await readyz(probePort)).status === 200 ? true : undefined),
        60_000,
      );
    }
    timings['200 après le redémarrage de PostgreSQL'] = Date.now() - restartedAt;
  });

  await step('Arrêt par SIGTERM (serveur, puis workers)', async () => {
    for (const { name, child } of [...processes].reverse()) {
      if (child.exitCode !== null) continue;
      child.kill('SIGTERM');
      const code = await exitOf(child);
      if (code !== 0) throw new Error(`${name} s’est arrêté avec le code ${code}`);
    }
  });
  if (providers.problems.length > 0)
    throw new Error(`requêtes refusées par le fournisseur : ${providers.problems.join(' ; ')}`);

  console.log(`\nTopologie vérifiée en ${Math.round((Date.now() - started) / 1000)} s :`);
  for (const [name, ms] of Object.entries(timings)) console.log(`  ${name.padEnd(72)} ${ms} ms`);
  console.log(`  e-mails remis au fournisseur : ${providers.deliveries.length}`);
}

interface Person {
  email: string;
  password: string;
}

/** The people of the check, as an administrator would have created them, and two EHPAD of the Rhône. */
async function createPeople(databaseUrl: string) {
  const database = connectDatabase(databaseUrl, { max: 1 });
  try {
    const suffix = randomUUID().slice(0, 8);
    const facility = async (name: string) => {
      const email = `admissions-${name.toLowerCase()}-${suffix}@etablissement.example`;
      const [row] = await database.db
        .insert(facilities)
        .values({
          name: `EHPAD ${name}`,
          kind: 'ehpad',
          departement: '69',
          commune: 'Lyon',
          email,
          searchText: searchText(`EHPAD ${name} Lyon`),
        })
        .returning({ id: facilities.id });
      if (!row) throw new Error('établissement non créé');
      return { id: row.id, email };
    };
    const person = async (
      role: 'physician' | 'facility_member',
      name: string,
      facilityId?: string,
    ): Promise<Person> => {
      const email = `${name}-${suffix}@personnes.example`;
      const password = `${randomUUID()}-Aa1`;
      const [row] = await database.db
        .insert(users)
        .values({ role, displayName: name, email, emailVerifiedAt: new Date() })
        .returning({ id: users.id });
      if (!row) throw new Error('compte non créé');
      await setPassword(database.db, row.id, password);
      if (facilityId)
        await database.db.insert(facilityMemberships).values({ userId: row.id, facilityId, role: 'manager' });
      return { email, password };
    };
    const [a, b] = [await facility('Alpha'), await facility('Beta')];
    return {
      facilityA: a.id,
      facilityB: b.id,
      facilityAEmail: a.email,
      facilityBEmail: b.email,
      physician: await person('physician', 'dr-essai'),
      memberA: await person('facility_member', 'admissions-alpha', a.id),
      memberB: await person('facility_member', 'admissions-beta', b.id),
    };
  } finally {
    await database.close();
  }
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** The API as a browser-less client sees it: cookies kept per person, JSON in and out, same origin. */
function apiClient(appUrl: string) {
  async function call(cookies: Map<string, string>, method: string, path: string, body?: unknown): Promise<Answer> {
    const response = await fetch(`${appUrl}${path}`, {
      method,
      headers: {
        origin: appUrl,
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const [name = '', ...value] = pair.split('=');
      cookies.set(name.trim(), value.join('='));
    }
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }
  return {
    call,
    /** Password, then the one-time code the e-mail provider received, then the CGU in force. */
    async login(person: Person, providers: ProviderStub): Promise<Map<string, string>> {
      const cookies = new Map<string, string>();
      const before = providers.deliveriesTo(person.email).length;
      const login = await call(cookies, 'POST', '/api/auth/login', {
        identifier: person.email,
        password: person.password,
      });
      if (login.status === 202) {
        const code = await waitFor(
          `le code de ${person.email}`,
          async () => {
            const delivery = providers.deliveriesTo(person.email)[before];
            return delivery ? /\b(\d{6})\b/.exec(String(delivery.body.text))?.[1] : undefined;
          },
          60_000,
        );
        expectStatus(await call(cookies, 'POST', '/api/auth/otp', { code }), 200, 'code');
      } else {
        expectStatus(login, 200, 'connexion');
      }
      const cgu = await call(cookies, 'GET', '/api/auth/cgu');
      expectStatus(await call(cookies, 'POST', '/api/auth/cgu', { version: cgu.body.version }), 204, 'CGU');
      return cookies;
    },
  };
}

function expectStatus(answer: Answer, status: number, what: string): void {
  if (answer.status !== status)
    throw new Error(`${what} : HTTP ${answer.status} (attendu ${status}) ${JSON.stringify(answer.body)}`);
}

async function readyz(port: number): Promise<{ status: number; body: { checks?: Record<string, string> } }> {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: (await response.json()) as { checks?: Record<string, string> } };
}

function spawnProcess(name: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const logFile = join(workDir, `${name}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: repository,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  if (name !== 'migrate') processes.push({ name, child, logFile });
  return child;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));
}

/** The Paris calendar day `days` from now, as YYYY-MM-DD. */
function isoDay(days: number): string {
  return shiftDay(todayInParis(), days);
}

async function cleanUp(): Promise<void> {
  for (const { child } of processes) if (child.exitCode === null) child.kill('SIGKILL');
  await temporal?.stop().catch(() => {});
  await platformPg?.stop().catch(() => {});
  await stub?.close().catch(() => {});
}

try {
  await main();
  await cleanUp();
  await rm(workDir, { recursive: true, force: true });
  process.exit(0);
} catch (error) {
  console.error(
    `\nÉchec de la vérification de la topologie : ${error instanceof Error ? error.message : String(error)}`,
  );
  for (const { name, logFile } of processes) {
    const tail = (await readFile(logFile, 'utf8').catch(() => '')).trim().split('\n').slice(-15).join('\n');
    console.error(`\n--- ${name} (${logFile}) ---\n${tail}`);
  }
  if (temporal) console.error(`\nJournal de Temporal : ${temporal.logFile}`);
  await cleanUp();
  console.error(`Fichiers conservés dans ${resolve(workDir)}`);
  process.exit(1);
}
