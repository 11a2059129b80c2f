import type { Next, WorkflowClientInterceptor } from '@temporalio/client';

/** At most `limit` calls at once; the next ones wait, first come first served. */
export function createBound(limit: number): { run: <T>(call: () => Promise<T>) => Promise<T>; inFlight: () => number } {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
  return {
    inFlight: () => running,
    run: async (call) => {
      if (running < limit) running += 1;
      else await new Promise<void>((resolveTurn) => waiting.push(resolveTurn));
      try {
        return await call();
      } finally {
        release();
      }
    },
  };
}

/**
 * A server's commands in flight (PARCOURS_MAX_COMMANDS_IN_FLIGHT): each Update, with or without the
 * start of its workflow, waits for a turn. The request asks Temporal for the completed Update, so
 * the turn lasts until the command's answer (or Temporal's long-poll, rarely reached). Beyond a few
 * per core, more commands at once only queue inside Temporal and PostgreSQL, where each waits
 * longer and their timeouts start firing; here they wait in order, without cost.
 */
export function commandBoundInterceptor(limit: number): WorkflowClientInterceptor {
  const bound = createBound(limit);
  return {
    startUpdate: (input, next: Next<WorkflowClientInterceptor, 'startUpdate'>) => bound.run(() => next(input)),
    startUpdateWithStart: (input, next: Next<WorkflowClientInterceptor, 'startUpdateWithStart'>) =>
      bound.run(() => next(input)),
  };
}
