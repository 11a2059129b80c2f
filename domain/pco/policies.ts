import type { Actor } from '../identity/users.ts';
import { watchesTerritory } from '../referral/policies.ts';
import { pcoCommands } from './commands.ts';
import type { PcoCommand } from './orientation-state.ts';

/** Who may do what with a PCO orientation. Pure functions used by the API and the pages. */
export function canOrientToPco(actor: Actor): boolean {
  return actor.role === 'physician';
}

export function worksForPlatform(actor: Actor, platformId: string): boolean {
  return actor.pcoRoles[platformId] !== undefined;
}

export function canViewOrientation(
  actor: Actor,
  orientation: { requesterId: string; platformId: string; departement?: string | null },
): boolean {
  return (
    actor.id === orientation.requesterId ||
    worksForPlatform(actor, orientation.platformId) ||
    watchesTerritory(actor, orientation.departement)
  );
}

/**
 * The child's file — the screening (signs: health data) and the family's contact — is read by the
 * prescribing physician and the platform's team; a territory coordinator follows the pathway's
 * progress without it.
 */
export function canReadOrientationFile(
  actor: Actor,
  orientation: { requesterId: string; platformId: string },
): boolean {
  return actor.id === orientation.requesterId || worksForPlatform(actor, orientation.platformId);
}

/**
 * Validating or refusing a prescription is a medical act of the platform's doctor; the rest of the
 * pathway is run by the platform's team; the prescribing physician may record a family withdrawal.
 */
export function canGivePcoCommand(
  actor: Actor,
  orientation: { requesterId: string; platformId: string },
  command: Exclude<PcoCommand, { type: 'deadline' }>,
): boolean {
  if (pcoCommands[command.type].party === 'platformDoctor') return actor.pcoRoles[orientation.platformId] === 'doctor';
  if (command.type === 'close' && command.outcome === 'family_withdrawal' && actor.id === orientation.requesterId)
    return true;
  return worksForPlatform(actor, orientation.platformId);
}

export function canAdministerPlatforms(actor: Actor): boolean {
  return actor.role === 'admin';
}
