import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';
import type { IdentityDeps } from './deps.ts';
import { hasAcceptedCurrentCgu } from './open-session.ts';

export interface SessionView {
  id: string;
  displayName: string;
  role: string;
  cguRequired: boolean;
}

/** The person signed in, and whether a CGU version waits for them. Refusal: `auth.unauthenticated`. */
export async function readSession(
  deps: Pick<IdentityDeps, 'db'>,
  options: { actor: Actor | undefined },
): Promise<SessionView> {
  const { actor } = options;
  if (!actor) throw new AppError('auth.unauthenticated');
  return {
    id: actor.id,
    displayName: actor.displayName,
    role: actor.role,
    cguRequired: !(await hasAcceptedCurrentCgu(deps.db, actor.id)),
  };
}
