import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { workflowsPath } from '../../bin/create-worker.ts';
import { failureConverterPath } from '../../bin/payload-codec.ts';
import { freePort } from '../../bin/ports.ts';
import { temporalCliPath } from '../../bin/temporal-tools.ts';
import { connectDatabase } from '../../db/client.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../db/embedded.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { seedDemoData } from '../../db/seed.ts';
import { referralSearchAttributes } from '../../workflows/search-attributes.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

/**
 * Once per run: a throwaway real PostgreSQL (migrated, demo data), a real Temporal dev server with
 * the project's search attributes, and the workflow bundle built once for every test file.
 */
export default async function setup(project: TestProject) {
  const workDir = await mkdtemp(join(tmpdir(), 'parcours-test-'));
  // PostgreSQL runs as its own user when we are root: it must be able to enter the folder.
  await chmod(workDir, 0o755);
  const started = await Promise.allSettled([
    startEmbeddedPostgres({
      dataDir: join(workDir, 'pg'),
      port: await freePort(),
      database: 'parcours_test',
      persistent: false,
    }),
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: temporalCliPath() },
        ip: '127.0.0.1',
        searchAttributes: referralSearchAttributes,
        log: { format: 'pretty', level: 'error' },
      },
    }),
    // The failure converter of bin/payload-codec.ts, as the production worker bundles it.
    bundleWorkflowCode({ workflowsPath, failureConverterPath, logger: quietLogger }),
  ]);
  const [database, temporal, bundle] = started;
  if (database.status === 'rejected' || temporal.status === 'rejected' || bundle.status === 'rejected') {
    // Stop whatever did start, so a failed setup leaves no server behind.
    if (database.status === 'fulfilled') await database.value.stop();
    if (temporal.status === 'fulfilled') await temporal.value.teardown();
    throw started.find((outcome) => outcome.status === 'rejected')?.reason;
  }
  return finishSetup(project, workDir, database.value, temporal.value, bundle.value.code);
}

async function finishSetup(
  project: TestProject,
  workDir: string,
  database: EmbeddedDatabase,
  temporal: TestWorkflowEnvironment,
  bundleCode: string,
) {
  const teardown = async () => {
    await temporal.teardown();
    await database.stop();
    await rm(workDir, { recursive: true, force: true });
  };
  const workflowBundlePath = join(workDir, 'workflow-bundle.js');
  try {
    await migrateDatabase(database.url);
    const seeding = connectDatabase(database.url, { max: 1 });
    await seedDemoData(seeding.db);
    await seeding.close();
    await writeFile(workflowBundlePath, bundleCode);
  } catch (error) {
    await teardown();
    throw error;
  }

  project.provide('databaseUrl', database.url);
  project.provide('temporalAddress', temporal.address);
  project.provide('workflowBundlePath', workflowBundlePath);

  return teardown;
}

const noop = () => {};
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: console.error, log: noop };
