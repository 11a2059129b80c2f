import { AppError } from '../errors.ts';
import type { Actor } from './users.ts';

/**
 * The professionals' side of the platform (a physician's lists, a facility's inbox, PCO
 * orientations, coordination, observatory, administration) is closed to the espace particulier:
 * a person or a relative reaches their own requests through their own pages, never these.
 */
export function isProfessional(actor: Actor): boolean {
  return actor.role !== 'particulier';
}

/** `auth.forbidden` for a particulier: a professional list or tool is not theirs, even empty. */
export function requireProfessional(actor: Actor): Actor {
  if (!isProfessional(actor)) throw new AppError('auth.forbidden');
  return actor;
}
