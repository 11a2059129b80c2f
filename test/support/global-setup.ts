import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startTestServices } from './services.ts';

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
  const services = await startTestServices();
  const workflowBundlePath = join(services.workDir, 'workflow-bundle.js');
  try {
    await writeFile(workflowBundlePath, services.workflowBundleCode);
  } catch (error) {
    await services.stop();
    throw error;
  }

  project.provide('databaseUrl', services.databaseUrl);
  project.provide('temporalAddress', services.temporalAddress);
  project.provide('workflowBundlePath', workflowBundlePath);

  return services.stop;
}
