import { desc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { referrals } from '../../db/schema.ts';
import { referralReferents } from '../../db/schema-family.ts';
import { type ReferralStatus, referralStatuses } from '../../domain/referral/state.ts';

/** One request a particulier follows, as « Mon espace » lists it (web/pages/particulier-home.tsx). */
export interface FamilyRequestItem {
  id: string;
  /** Shown on every page and message of the request (`P-2026-000123`). */
  dossierNumber: string;
  personName: string;
  statusLabel: string;
  updatedAt: string;
  href: string;
}

/** The page of one family request in the espace particulier. */
export function familyRequestPath(caseId: string): string {
  return `/particulier/demandes/${caseId}`;
}

/**
 * The requests a particulier follows as a référent (read model `referral_referents`), newest
 * change first: what « Mon espace » lists. Never a medical value: the person's name, the dossier
 * number, the status.
 */
export async function listFamilyRequests(db: Queryable, userId: string): Promise<FamilyRequestItem[]> {
  const rows = await db
    .select({
      id: referrals.id,
      dossierNumber: referrals.dossierNumber,
      firstName: referrals.patientFirstName,
      lastName: referrals.patientLastName,
      status: referrals.status,
      updatedAt: referrals.updatedAt,
    })
    .from(referralReferents)
    .innerJoin(referrals, eq(referrals.id, referralReferents.referralId))
    // A physician's own request the family was invited to has no family dossier number: its short reference.
    .where(eq(referralReferents.userId, userId))
    .orderBy(desc(referrals.updatedAt), desc(referrals.id));
  return rows.map((row) => ({
    id: row.id,
    dossierNumber: row.dossierNumber ?? row.id.slice(0, 8).toUpperCase(),
    personName: `${row.firstName} ${row.lastName}`,
    statusLabel: referralStatuses[row.status as ReferralStatus] ?? row.status,
    updatedAt: row.updatedAt.toISOString(),
    href: familyRequestPath(row.id),
  }));
}
