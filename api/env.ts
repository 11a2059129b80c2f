import type { Actor } from '../domain/users.ts';

/** What every request carries through the Hono app. */
export type AppEnv = {
  Variables: {
    actor: Actor | undefined;
    requestId: string;
  };
};
