import { desc } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { caseAnomalies } from '../../db/schema-coordination.ts';

export type CaseAnomalyRow = typeof caseAnomalies.$inferSelect;

/** The most recent cases « en anomalie » first; codes only, nothing of the patient. */
export function listCaseAnomalies(db: Database, limit = 200): Promise<CaseAnomalyRow[]> {
  return db.select().from(caseAnomalies).orderBy(desc(caseAnomalies.occurredAt)).limit(limit);
}
