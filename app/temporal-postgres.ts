import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../db/embedded.ts';
import { referralSearchAttributes } from '../workflows/search-attributes.ts';
import { freePort, freeSmallPort } from './ports.ts';
import { temporalCliPath } from './temporal-tools.ts';

const run = promisify(execFile);
const repository = fileURLToPath(new URL('..', import.meta.url));
const deployScripts = resolve(repository, 'deploy/temporal');

/**
 * History shards of the local cluster. A shard is Temporal's unit of history ownership: each has its
 * own task queues (transfer, timer, visibility) and pollers, and one workflow's events always go
 * through its one shard. On a 2-core machine a handful keeps both cores busy without paying the
 * per-shard pollers and database rows of hundreds; 4 is also Temporal's own development default.
 * The count is fixed when the cluster's database is created (a production cluster picks 512 or more
 * at creation, see README « Déployer »).
 */
export const localHistoryShards = 4;

export interface TemporalOnPostgres {
  /** Frontend `host:port` for clients and workers. */
  address: string;
  namespace: string;
  /** Where the server's JSON log lines go. */
  logFile: string;
  /** Folder of the installed server (binaries, schemas, BUILD-INFO). */
  installDir: string;
  /** The server's process id (benchmarks read its CPU time). */
  pid: number | undefined;
  stop: () => Promise<void>;
}

/** Installs the real Temporal server once per machine (bin/temporal-server.sh) and returns its folder. */
export function installTemporalServer(): string {
  const printed = execFileSync('bash', [resolve(repository, 'bin/temporal-server.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const installDir = printed.trim().split('\n').at(-1);
  if (!installDir) throw new Error('bin/temporal-server.sh n’a pas indiqué où le serveur Temporal est installé.');
  return installDir;
}

/**
 * The real Temporal server (not the dev server) on an embedded PostgreSQL of its own, as the compose
 * topology runs it: schemas created or updated by deploy/temporal/setup-schema.sh with the SQL tool,
 * the server started from a generated configuration (loopback only, free ports), then the namespace
 * and the project's search attributes by deploy/temporal/setup-namespace.sh. Resolves once a client
 * can use the namespace; `stop()` stops the server, then its PostgreSQL.
 */
export async function startTemporalOnPostgres(options: {
  /** Holds the PostgreSQL data (`pg/`), the generated configuration and the log (`temporal/`). */
  workDir: string;
  namespace?: string;
  /** Keep the PostgreSQL data between runs (the shard count must then stay the same). */
  persistent?: boolean;
  /** Milliseconds to wait for the server to serve the namespace. */
  startTimeoutMs?: number;
}): Promise<TemporalOnPostgres> {
  const namespace = options.namespace ?? 'default';
  const installDir = installTemporalServer();
  const serverDir = resolve(options.workDir, 'temporal');
  await mkdir(serverDir, { recursive: true });
  // PostgreSQL runs as its own user when we are root: it must be able to enter the folder.
  await chmod(options.workDir, 0o755);
  const database = await startEmbeddedPostgres({
    dataDir: resolve(options.workDir, 'pg'),
    port: await freePort(),
    database: 'temporal',
    persistent: options.persistent ?? false,
  });
  let server: ChildProcess | undefined;
  const logFile = resolve(serverDir, 'server.log');
  const stop = async () => {
    if (server) await stopProcess(server, 20_000);
    await database.stop();
  };
  try {
    const pg = new URL(database.url);
    const sqlEnv = {
      ...process.env,
      SQL_HOST: pg.hostname,
      SQL_PORT: pg.port,
      SQL_USER: decodeURIComponent(pg.username),
      SQL_PASSWORD: decodeURIComponent(pg.password),
      TEMPORAL_SQL_TOOL: resolve(installDir, 'sql'),
      TEMPORAL_SCHEMA_DIR: resolve(installDir, 'schema'),
    };
    await runScript('setup-schema.sh', sqlEnv, logFile);

    const ports = await freePorts(9);
    const configFile = resolve(serverDir, 'config.yaml');
    // The same dynamic settings as docker-compose.yml's server.
    const dynamicConfigFile = resolve(deployScripts, 'dynamicconfig.yaml');
    await writeFile(configFile, serverConfig({ database, ports, dynamicConfigFile }));
    const address = `127.0.0.1:${ports[0]}`;
    const log = createWriteStream(logFile, { flags: 'a' });
    server = spawn(resolve(installDir, 'server'), ['--config-file', configFile, 'start'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.pipe(log);
    server.stderr?.pipe(log);
    const exited = new Promise<never>((_, reject) =>
      server?.once('exit', (code, signal) =>
        reject(new Error(`Le serveur Temporal s’est arrêté au démarrage (${code ?? signal}) : voir ${logFile}`)),
      ),
    );
    exited.catch(() => {});

    const ready = (async () => {
      await runScript(
        'setup-namespace.sh',
        { ...process.env, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace, TEMPORAL_CLI: temporalCliPath() },
        logFile,
      );
      await waitUntilServed(address, namespace, options.startTimeoutMs ?? 120_000);
    })();
    // When the server dies first, the setup still running fails later: that failure is already told.
    ready.catch(() => {});
    await Promise.race([ready, exited]);
    return { address, namespace, logFile, installDir, pid: server.pid, stop };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}

type Ports = number[];

/** The server's static configuration: PostgreSQL persistence and visibility, every service on loopback. */
function serverConfig(input: { database: EmbeddedDatabase; ports: Ports; dynamicConfigFile: string }): string {
  const pg = new URL(input.database.url);
  const [
    frontend,
    frontendHttp,
    frontendMembership,
    history,
    historyMembership,
    matching,
    matchingMembership,
    worker,
    workerMembership,
  ] = input.ports;
  const datastore = (name: string, maxConns: number) => `    ${name}:
      sql:
        pluginName: postgres12
        databaseName: ${name === 'default' ? 'temporal' : 'temporal_visibility'}
        connectAddr: "${pg.hostname}:${pg.port}"
        connectProtocol: tcp
        user: ${JSON.stringify(decodeURIComponent(pg.username))}
        password: ${JSON.stringify(decodeURIComponent(pg.password))}
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: 1h`;
  return `# Generated by app/temporal-postgres.ts: the real Temporal server on an embedded PostgreSQL, loopback only.
log:
  stdout: true
  level: warn

persistence:
  # Why ${localHistoryShards}: see localHistoryShards in app/temporal-postgres.ts (2 cores; fixed at creation).
  numHistoryShards: ${localHistoryShards}
  defaultStore: default
  visibilityStore: visibility
  datastores:
${datastore('default', 10)}
${datastore('visibility', 4)}

global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1

services:
  frontend:
    rpc: { grpcPort: ${frontend}, httpPort: ${frontendHttp}, membershipPort: ${frontendMembership}, bindOnIP: 127.0.0.1 }
  history:
    rpc: { grpcPort: ${history}, membershipPort: ${historyMembership}, bindOnIP: 127.0.0.1 }
  matching:
    rpc: { grpcPort: ${matching}, membershipPort: ${matchingMembership}, bindOnIP: 127.0.0.1 }
  worker:
    rpc: { grpcPort: ${worker}, membershipPort: ${workerMembership}, bindOnIP: 127.0.0.1 }

clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: "127.0.0.1:${frontend}"
      httpAddress: "127.0.0.1:${frontendHttp}"

dcRedirectionPolicy:
  policy: noop

dynamicConfigClient:
  filepath: ${JSON.stringify(input.dynamicConfigFile)}
  pollInterval: 60s
`;
}

async function runScript(script: string, env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  try {
    const { stdout, stderr } = await run('sh', [resolve(deployScripts, script)], { env, maxBuffer: 16 << 20 });
    await writeFile(logFile, `${stdout}${stderr}`, { flag: 'a' });
  } catch (error) {
    const output = error as { stdout?: string; stderr?: string };
    await writeFile(logFile, `${output.stdout ?? ''}${output.stderr ?? ''}`, { flag: 'a' });
    throw new Error(`deploy/temporal/${script} a échoué : voir ${logFile}\n${tail(output.stderr ?? '')}`);
  }
}

/** Until a client can use the namespace and sees every search attribute the workflows set. */
async function waitUntilServed(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 2000 });
      await connection.workflowService.describeNamespace({ namespace });
      const listed = await connection.operatorService.listSearchAttributes({ namespace });
      if (referralSearchAttributes.every((key) => key.name in (listed.customAttributes ?? {}))) return;
      last = new Error('attributs de recherche pas encore visibles');
    } catch (error) {
      last = error;
    } finally {
      await connection?.close().catch(() => {});
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 250));
  }
  throw new Error(`Temporal (${address}) ne sert pas l’espace de noms « ${namespace} » : ${String(last)}`);
}

async function freePorts(count: number): Promise<Ports> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freeSmallPort());
  return [...ports];
}

function stopProcess(child: ChildProcess, boundMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), boundMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

function tail(text: string): string {
  return text.trim().split('\n').slice(-10).join('\n');
}
