import { readdir, readFile } from 'node:fs/promises';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { historiesDir } from '../support/histories.ts';

/** Every recorded history must replay on the current workflow code: the guard for `patched()`. */
const files = (await readdir(historiesDir)).filter((file) => file.endsWith('.json')).sort();

describe('recorded referral histories', () => {
  it('are present', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s replays without nondeterminism', async (file) => {
    const history = historyFromJSON(JSON.parse(await readFile(new URL(file, historiesDir), 'utf8')));
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: { codePath: inject('workflowBundlePath') }, replayName: file },
        history,
      ),
    ).resolves.toBeUndefined();
  });
});
