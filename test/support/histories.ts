import { writeFile } from 'node:fs/promises';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export const historiesDir = new URL('../fixtures/histories/', import.meta.url);

/**
 * Saves a finished workflow's history as a replay fixture when PARCOURS_RECORD_HISTORIES=1, so
 * each version of the workflow code leaves histories that later versions must replay.
 */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.PARCOURS_RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  await writeFile(new URL(`${name}.json`, historiesDir), `${historyToJSON(history)}\n`);
}
