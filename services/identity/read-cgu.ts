import { currentCgu } from '../../domain/identity/cgu.ts';
import type { IdentityDeps } from './deps.ts';
import { hasAcceptedCurrentCgu } from './open-session.ts';

/** The CGU in force, and whether this person (if signed in) accepted them. */
export async function readCgu(deps: Pick<IdentityDeps, 'db'>, options: { userId: string | undefined }) {
  const accepted = options.userId ? await hasAcceptedCurrentCgu(deps.db, options.userId) : false;
  return { ...currentCgu(), accepted };
}
