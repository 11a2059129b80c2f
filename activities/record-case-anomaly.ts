import type { Database } from '../db/client.ts';
import { caseAnomalies } from '../db/schema-coordination.ts';
import type { CaseAnomaly } from '../domain/anomalies.ts';

/** Marks a case « en anomalie »: idempotent by the anomaly's id (a retried attempt writes nothing more). */
export async function recordCaseAnomaly(db: Database, anomaly: CaseAnomaly): Promise<void> {
  await db
    .insert(caseAnomalies)
    .values({ ...anomaly, occurredAt: new Date(anomaly.occurredAt) })
    .onConflictDoNothing({ target: caseAnomalies.id });
}
