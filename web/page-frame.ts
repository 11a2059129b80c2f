import type { Context } from 'hono';
import type { AppEnv } from '../api/env.ts';
import type { Actor } from '../domain/users.ts';
import type { WebDependencies } from './dependencies.ts';

/** What the page frame (header, menu) shows around every screen of one request. */
export interface PageFrame {
  actor: Actor | undefined;
  path: string;
  devIdentity: boolean;
  devMailbox: boolean;
}

export function pageFrame(c: Context<AppEnv>, deps: WebDependencies): PageFrame {
  return { actor: c.get('actor'), path: c.req.path, devIdentity: deps.devIdentity, devMailbox: deps.devMailbox };
}
