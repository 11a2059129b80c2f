import type { Actor } from '../domain/identity/users.ts';

/** What every request carries through the Hono app. */
export type AppEnv = {
  Variables: {
    actor: Actor | undefined;
    requestId: string;
    /** The client's address (behind a trusted proxy, its first forwarded hop): for the security journal. */
    clientIp: string;
    /** The signed-in person's unread notifications, counted by the web pages for the header's bell. */
    unreadNotifications?: number;
  };
};
