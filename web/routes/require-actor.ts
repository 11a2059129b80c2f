import type { Context } from 'hono';
import type { AppEnv } from '../../api/env.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/users.ts';
import type { WebDependencies } from '../dependencies.ts';

/**
 * Runs a page for the acting person. Without one, the demo profile picker is offered (and
 * brings the person back here); where it is off, the login page (a form post is refused).
 */
export async function withActor(
  c: Context<AppEnv>,
  deps: WebDependencies,
  page: (actor: Actor) => Response | Promise<Response>,
): Promise<Response> {
  const actor = c.get('actor');
  if (actor) return page(actor);
  const back = c.req.method === 'GET' ? `?retour=${encodeURIComponent(c.req.path)}` : '';
  if (!deps.devIdentity) {
    if (c.req.method !== 'GET') throw new AppError('auth.unauthenticated');
    return c.redirect(`/connexion${back}`, 303);
  }
  return c.redirect(`/connexion-demo${back}`, 303);
}

/** Only paths of this site, so the return address cannot send anyone elsewhere. */
export function safeReturnPath(value: string | undefined): string | undefined {
  return value && /^\/(?![/\\])[\w\-/]*$/.test(value) ? value : undefined;
}
