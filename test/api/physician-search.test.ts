import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { communes, users } from '../../db/schema.ts';
import { freshRpps } from '../support/accounts.ts';
import { platformTest as it } from '../support/fixtures.ts';
import { demo } from '../support/platform.ts';

/**
 * Issue 15: a family designates its médecin traitant by searching the physicians registered on
 * Parcours by name and commune of practice. The answer names them and their commune, nothing to
 * reach them by (no e-mail, no phone, no RPPS).
 */

type Matches = { items: { id: string; displayName: string; commune: { insee: string; name: string } | null }[] };

const tag = randomUUID().slice(0, 6);

describe('GET /api/physicians', () => {
  it('finds registered physicians by every word of the name, accents and case aside, with their commune', async ({
    platform,
  }) => {
    await platform.db
      .insert(communes)
      .values({
        insee: '69123',
        name: 'Lyon',
        searchName: 'lyon',
        postcodes: ['69001'],
        departement: '69',
        lat: 45.76,
        lon: 4.83,
      })
      .onConflictDoNothing();
    const particulier = randomUUID();
    const physician = randomUUID();
    const physicianRpps = freshRpps();
    const elsewhere = randomUUID();
    const notAPhysician = randomUUID();
    await platform.db.insert(users).values([
      { id: particulier, role: 'particulier', displayName: 'Anne Lefèvre', email: `anne-${tag}@particulier.test` },
      {
        id: physician,
        role: 'physician',
        displayName: `Dr Hélène Élan${tag}`,
        email: `helene-${tag}@medecin.test`,
        phone: '+33612345678',
        rpps: physicianRpps,
        practiceCommuneInsee: '69123',
      },
      {
        id: elsewhere,
        role: 'physician',
        displayName: `Dr Paul Élan${tag}`,
        email: `paul-${tag}@medecin.test`,
        rpps: freshRpps(),
      },
      {
        id: notAPhysician,
        role: 'facility_member',
        displayName: `Hélène Élan${tag} (secrétariat)`,
        email: `secretariat-${tag}@ehpad.test`,
      },
    ]);

    const search = (query: string) => platform.api<Matches>('GET', `/api/physicians?${query}`, { as: particulier });
    const byName = await search(`q=${encodeURIComponent(`ELAN${tag}`)}`);
    expect(byName.status).toBe(200);
    expect(byName.body.items).toEqual([
      { id: physician, displayName: `Dr Hélène Élan${tag}`, commune: { insee: '69123', name: 'Lyon' } },
      { id: elsewhere, displayName: `Dr Paul Élan${tag}`, commune: null },
    ]);
    // Nothing to reach them by.
    const answer = JSON.stringify(byName.body);
    for (const secret of ['@medecin.test', '+33612345678', 'rpps', 'email', 'phone']) {
      expect(answer).not.toContain(secret);
    }
    const twoWords = await search(`q=${encodeURIComponent(`helene elan${tag}`)}`);
    expect(twoWords.body.items.map((item) => item.id)).toEqual([physician]);
    const inLyon = await search(`q=${encodeURIComponent(`élan${tag}`)}&commune=69123`);
    expect(inLyon.body.items.map((item) => item.id)).toEqual([physician]);
    const inMarseille = await search(`q=${encodeURIComponent(`élan${tag}`)}&commune=13055`);
    expect(inMarseille.body.items).toEqual([]);
    // By RPPS number (spaces allowed): that physician only, and the number is not given back.
    const byRpps = await search(`q=${encodeURIComponent(`${physicianRpps.slice(0, 5)} ${physicianRpps.slice(5)}`)}`);
    expect(byRpps.body.items).toEqual([
      { id: physician, displayName: `Dr Hélène Élan${tag}`, commune: { insee: '69123', name: 'Lyon' } },
    ]);
    expect(JSON.stringify(byRpps.body)).not.toContain(physicianRpps);
    // A wrong check digit is said as such; a valid number nobody has finds nobody (never a part of a number).
    const wrongDigit = `${physicianRpps.slice(0, 10)}${(Number(physicianRpps[10]) + 1) % 10}`;
    expect(await search(`q=${wrongDigit}`)).toMatchObject({ status: 422, body: { code: 'physician.rpps_invalid' } });
    expect(await search(`q=${physicianRpps.slice(0, 6)}`)).toMatchObject({
      status: 422,
      body: { code: 'physician.rpps_invalid' },
    });
    expect((await search(`q=${freshRpps()}`)).body.items).toEqual([]);
    // The demo physician is found the same way.
    const martin = await search('q=claire%20martin');
    expect(martin.body.items.map((item) => item.id)).toContain(demo.physician);
  });

  it('is the espace particulier’s: refused to professionals and to anonymous callers; a query of one letter is invalid', async ({
    platform,
  }) => {
    expect(await platform.api('GET', '/api/physicians?q=martin', { as: demo.physician })).toMatchObject({
      status: 403,
      body: { code: 'auth.forbidden' },
    });
    expect(await platform.api('GET', '/api/physicians?q=martin')).toMatchObject({
      status: 401,
      body: { code: 'auth.unauthenticated' },
    });
    const particulier = randomUUID();
    await platform.db
      .insert(users)
      .values({ id: particulier, role: 'particulier', displayName: 'Luc Morel', email: `luc-${tag}@particulier.test` });
    expect(await platform.api('GET', '/api/physicians?q=m', { as: particulier })).toMatchObject({
      status: 422,
      body: { code: 'request.invalid' },
    });
    expect(await platform.api('GET', '/api/physicians?q=martin&commune=lyon', { as: particulier })).toMatchObject({
      status: 422,
      body: { code: 'request.invalid' },
    });
  });
});
