import type { Context } from 'hono';
import type { AppEnv } from '../../api/env.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/users.ts';
import type { WebDependencies } from '../dependencies.ts';

/**
 * Runs a page for the acting person. Without one, the demo profile picker is offered (and
 * brings the person back here); where it is off, the refusal is the API's.
 */
export async function withActor(
  c: Context<AppEnv>,
  deps: WebDependencies,
  page: (actor: Actor) => Response | Promise<Response>,
): Promise<Response> {
  const actor = c.get('actor');
  if (actor) return page(actor);
  if (!deps.devIdentity) throw new AppError('auth.unauthenticated');
  const back = c.req.method === 'GET' ? `?retour=${encodeURIComponent(c.req.path)}` : '';
  return c.redirect(`/connexion-demo${back}`, 303);
}

/** Only paths of this site, so the return address cannot send anyone elsewhere. */
export function safeReturnPath(value: string | undefined): string | undefined {
  return value && /^\/(?![/\\])[\w\-/]*$/.test(value) ? value : undefined;
}
