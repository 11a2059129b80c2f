import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { auditLog } from '../../db/schema-identity.ts';
import { completeDossier } from '../support/dossiers.ts';
import { platformTest as it } from '../support/fixtures.ts';
import { isPdf, pdfText } from '../support/pdf-text.ts';
import { demo } from '../support/platform.ts';

const coordinator = '00000000-0000-4000-8000-000000000021';

/**
 * « Imprimer le dossier »: the dossier as a PDF in the national dossier's sections, with the
 * autonomy part (GIR) for every party and the medical part for physicians only; each print is
 * journaled as a read of the parts it holds.
 */
describe('the printed dossier (PDF)', () => {
  it('prints the parts each person may read: the GIR for the admissions staff, the medical part for physicians only', async ({
    platform,
    db,
    createReferralCase,
  }) => {
    const dossier = completeDossier('ehpad');
    const { created } = await createReferralCase({
      facilities: ['berthet'],
      patient: { lastName: 'Imprimee', firstName: 'Agathe', birthDate: '1937-06-21', sex: 'female', departement: '69' },
      dossier: { ...dossier, medical: { ...dossier.medical, treatments: 'Donépézil 10 mg le soir.' } },
    });
    expect(created.status).toBe(201);
    const caseId = created.body.id;
    expect(created.body.dossier.gir).toBe(2);
    const print = async (userId: string) => {
      const response = await platform.app.request(`/demandes/${caseId}/dossier.pdf`, {
        headers: { cookie: await platform.cookieOf(userId) },
      });
      return { response, bytes: Buffer.from(await response.arrayBuffer()) };
    };

    // The case page offers it to every party.
    const page = await platform.app.request(`/demandes/${caseId}`, {
      headers: { cookie: await platform.cookieOf(demo.berthetMember) },
    });
    expect(await page.text()).toContain(`href="/demandes/${caseId}/dossier.pdf"`);

    const physician = await print(demo.physician);
    expect(physician.response.status).toBe(200);
    expect(physician.response.headers.get('content-type')).toBe('application/pdf');
    expect(physician.response.headers.get('cache-control')).toBe('no-store');
    // The file name names the case, never the person.
    expect(physician.response.headers.get('content-disposition')).not.toMatch(/imprimee/i);
    expect(isPdf(physician.bytes)).toBe(true);
    const physicianText = pdfText(physician.bytes);
    expect(physicianText).toContain('IMPRIMEE');
    expect(physicianText).toContain('Agathe');
    expect(physicianText).toContain('GIR 2');
    expect(physicianText).toContain('Volet administratif');
    expect(physicianText).toContain('Volet autonomie');
    expect(physicianText).toContain('Volet médical');
    expect(physicianText).toContain('Donépézil 10 mg le soir.');

    // The facility's admissions staff (no doctor): name and GIR, no medical section at all.
    const staff = await print(demo.berthetMember);
    expect(staff.response.status).toBe(200);
    expect(isPdf(staff.bytes)).toBe(true);
    const staffText = pdfText(staff.bytes);
    expect(staffText).toContain('IMPRIMEE');
    expect(staffText).toContain('GIR 2');
    expect(staffText).toContain('Volet autonomie');
    expect(staffText).not.toContain('Volet médical');
    expect(staffText).not.toContain('Renseignements médicaux');
    expect(staffText).not.toContain('Donépézil');
    expect(staffText).not.toContain(dossier.medical?.history ?? 'history');

    // The facility's doctor reads the medical part too.
    expect(pdfText((await print(demo.berthetDoctor)).bytes)).toContain('Donépézil 10 mg le soir.');
    // Coordination reads the case, never the dossier; a facility the case is not addressed to, nothing.
    expect((await print(coordinator)).response.status).toBe(403);
    expect((await print(demo.sixiemeMember)).response.status).toBe(404);

    const reads = (
      await db
        .select()
        .from(auditLog)
        .where(sql`${auditLog.event} = 'dossier.read' and ${auditLog.details} like ${`%${caseId}%`}`)
        .orderBy(auditLog.seq)
    ).map((row) => ({ userId: row.userId, ...JSON.parse(row.details) }));
    const printed = { caseKind: 'referral', caseId, version: '1', format: 'pdf' };
    expect(reads).toEqual([
      { userId: demo.physician, ...printed, parts: 'administrative,autonomy,medical' },
      { userId: demo.berthetMember, ...printed, parts: 'administrative,autonomy' },
      { userId: demo.berthetDoctor, ...printed, parts: 'administrative,autonomy,medical' },
    ]);
  });

  it('prints no autonomy part for suites de soins, and the clinical part for its physician', async ({
    platform,
    createReferralCase,
  }) => {
    const { created } = await createReferralCase({
      kind: 'smr',
      facilities: ['revel'],
      patient: { lastName: 'Reeducation', firstName: 'Marc', birthDate: '1950-01-05', sex: 'male', departement: '69' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const response = await platform.app.request(`/demandes/${created.body.id}/dossier.pdf`, {
      headers: { cookie: await platform.cookieOf(demo.physician) },
    });
    expect(response.status).toBe(200);
    const text = pdfText(Buffer.from(await response.arrayBuffer()));
    expect(text).toContain('REEDUCATION');
    expect(text).not.toContain('Volet autonomie');
    expect(text).toContain('Volet clinique');
    expect(text).toContain('Prioritaire');
  });
});
