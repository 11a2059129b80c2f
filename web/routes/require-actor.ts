import type { Context } from 'hono';
import type { AppEnv } from '../../api/env.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';

/**
 * Runs a page for the acting person. Without one, the login page (which brings the person back
 * here); a form post without a session is refused.
 */
export async function withActor(
  c: Context<AppEnv>,
  page: (actor: Actor) => Response | Promise<Response>,
): Promise<Response> {
  const actor = c.get('actor');
  if (actor) return page(actor);
  const back = c.req.method === 'GET' ? `?retour=${encodeURIComponent(c.req.path)}` : '';
  if (c.req.method !== 'GET') throw new AppError('auth.unauthenticated');
  return c.redirect(`/connexion${back}`, 303);
}

/** Only paths of this site, so the return address cannot send anyone elsewhere. */
export function safeReturnPath(value: string | undefined): string | undefined {
  return value && /^\/(?![/\\])[\w\-/]*$/.test(value) ? value : undefined;
}
