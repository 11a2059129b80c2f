import { readdir, readFile } from 'node:fs/promises';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { historiesDir } from '../support/histories.ts';
import { testWorkerDataConverter } from '../support/payload-keys.ts';

/**
 * Every recorded history must replay on the current workflow code: the guard for `patched()`. With
 * the workers' data converter: the encrypted histories decode with the tests' keys, the older ones
 * (recorded in clear) pass through the codec unchanged.
 */
const files = (await readdir(historiesDir)).filter((file) => file.endsWith('.json')).sort();

describe('recorded referral histories', () => {
  it('are present, encrypted ones too', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((file) => file.includes('encrypted')).length).toBeGreaterThan(0);
  });

  it.each(files)('%s replays without nondeterminism', async (file) => {
    const history = historyFromJSON(JSON.parse(await readFile(new URL(file, historiesDir), 'utf8')));
    await expect(
      Worker.runReplayHistory(
        {
          workflowBundle: { codePath: inject('workflowBundlePath') },
          dataConverter: testWorkerDataConverter,
          replayName: file,
        },
        history,
      ),
    ).resolves.toBeUndefined();
  });

  it('need the key for the encrypted ones: without the codec their inputs cannot be read', async () => {
    const [encrypted] = files.filter((file) => file.includes('encrypted'));
    const history = historyFromJSON(JSON.parse(await readFile(new URL(encrypted ?? '', historiesDir), 'utf8')));
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: { codePath: inject('workflowBundlePath') }, replayName: 'without-key' },
        history,
      ),
    ).rejects.toThrow(/Replay failed/);
  });
});
