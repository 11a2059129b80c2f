import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

/**
 * The ceiling a referral is measured against (bench/lifecycle.ts): a workflow of the same shape —
 * one projection at start, then per Update a projection and an enqueue before answering, and the
 * deliveries in the background — whose activities do nothing. What the real lifecycle costs above
 * it is the platform's own work.
 */

export interface BareActivities {
  project(): Promise<void>;
  enqueue(): Promise<void>;
  deliver(): Promise<void>;
}

const { project, enqueue, deliver } = proxyActivities<BareActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumAttempts: 12 },
});

export interface BareStep {
  /** Messages the step sends, delivered in the background like the outbox's. */
  deliveries: number;
  /** The admission: the lifecycle ends once its deliveries are done. */
  last?: boolean;
}

export const bareStep = defineUpdate<number, [BareStep]>('bareStep');

export async function bareLifecycle(): Promise<void> {
  const deliveries: Promise<void>[] = [];
  let steps = 0;
  let done = false;
  let started = false;
  // Registered before the first await, so the update-with-start that creates the case is received.
  setHandler(bareStep, async (step) => {
    await condition(() => started);
    await project();
    await enqueue();
    for (let index = 0; index < step.deliveries; index++) deliveries.push(deliver());
    steps += 1;
    if (step.last) done = true;
    return steps;
  });
  await project();
  started = true;
  await condition(() => done);
  await Promise.all(deliveries);
}
