import type { Context } from 'hono';
import { devMailboxOpen } from '../api/dev/mailbox.ts';
import type { AppEnv } from '../api/env.ts';
import type { Actor } from '../domain/identity/users.ts';
import { csrfToken } from './csrf.ts';
import type { WebDependencies } from './dependencies.ts';

/** What the page frame (header, menu) shows around every screen of one request. */
export interface PageFrame {
  actor: Actor | undefined;
  path: string;
  devMailbox: boolean;
  /** The form token of the header's logout button. */
  csrf: string;
  /** The bell's count: the person's unread in-app notifications (read once per page, web/app.tsx). */
  unreadNotifications?: number | undefined;
}

export function pageFrame(c: Context<AppEnv>, deps: WebDependencies): PageFrame {
  return {
    actor: c.get('actor'),
    path: c.req.path,
    devMailbox: devMailboxOpen(c, deps.devMailbox),
    csrf: csrfToken(c),
    unreadNotifications: c.get('unreadNotifications'),
  };
}
