import { and, asc, eq, notInArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { referrals } from '../../db/schema.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';

/** One family dossier waiting for the médecin traitant's medical and autonomy parts. */
export interface DossierToComplete {
  id: string;
  dossierNumber: string;
  personName: string;
  birthDate: string;
  /** When the family designated this physician. */
  designatedAt: string;
  href: string;
}

/**
 * The physician's « Dossiers à compléter »: the family requests where they are the designated
 * médecin traitant (not declined, read model `referrals.physician_id`) and have not completed their
 * part yet, the longest waiting first. Closed requests are gone from it.
 */
export async function listDossiersToComplete(db: Queryable, actor: Actor): Promise<DossierToComplete[]> {
  if (actor.role !== 'physician') throw new AppError('auth.forbidden');
  const designatedAt = sql<string>`${referrals.family}->'physician'->>'designatedAt'`;
  const rows = await db
    .select({
      id: referrals.id,
      dossierNumber: referrals.dossierNumber,
      firstName: referrals.patientFirstName,
      lastName: referrals.patientLastName,
      birthDate: referrals.patientBirthDate,
      designatedAt,
    })
    .from(referrals)
    .where(
      and(
        eq(referrals.physicianId, actor.id),
        sql`${referrals.family}->'physician'->>'completedAt' is null`,
        notInArray(referrals.status, ['admitted', 'cancelled', 'archived']),
      ),
    )
    .orderBy(asc(designatedAt), asc(referrals.id));
  return rows.map((row) => ({
    id: row.id,
    dossierNumber: row.dossierNumber ?? '',
    personName: `${row.firstName} ${row.lastName}`,
    birthDate: row.birthDate,
    designatedAt: row.designatedAt,
    href: `/medecin/dossiers/${row.id}`,
  }));
}
