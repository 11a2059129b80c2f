import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { freePort } from '../../app/ports.ts';
import { temporalCliPath } from '../../app/temporal-tools.ts';
import { workflowBundleOptions } from '../../app/workflow-bundle.ts';
import { connectDatabase } from '../../db/client.ts';
import { startEmbeddedPostgres } from '../../db/embedded.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { seedDemoData } from '../../db/seed.ts';
import { referralSearchAttributes } from '../../workflows/search-attributes.ts';

export interface TestServices {
  /** A folder of this run only, removed by `stop`. */
  workDir: string;
  databaseUrl: string;
  temporalAddress: string;
  workflowBundleCode: string;
  stop: () => Promise<void>;
}

/**
 * A throwaway real PostgreSQL (migrated, demo data) and a real Temporal dev server with the
 * project's search attributes, both on loopback ports of their own, and the workflow bundle.
 */
export async function startTestServices(): Promise<TestServices> {
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
    // The failure converter of app/payload-codec.ts, as the production worker bundles it.
    bundleWorkflowCode({ ...workflowBundleOptions({ tracing: false }), logger: quietLogger }),
  ]);
  const [database, temporal, bundle] = started;
  if (database.status === 'rejected' || temporal.status === 'rejected' || bundle.status === 'rejected') {
    // Stop whatever did start, so a failed setup leaves no server behind.
    if (database.status === 'fulfilled') await database.value.stop();
    if (temporal.status === 'fulfilled') await temporal.value.teardown();
    await rm(workDir, { recursive: true, force: true });
    throw started.find((outcome) => outcome.status === 'rejected')?.reason;
  }
  const stop = async () => {
    await temporal.value.teardown();
    await database.value.stop();
    await rm(workDir, { recursive: true, force: true });
  };
  try {
    await migrateDatabase(database.value.url);
    const seeding = connectDatabase(database.value.url, { max: 1 });
    await seedDemoData(seeding.db);
    await seeding.close();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    workDir,
    databaseUrl: database.value.url,
    temporalAddress: temporal.value.address,
    workflowBundleCode: bundle.value.code,
    stop,
  };
}

const noop = () => {};
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: console.error, log: noop };
