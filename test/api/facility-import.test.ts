import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DatabaseConnection } from '../../db/client.ts';
import { importCommunes } from '../../db/import/communes-import.ts';
import { importFinessFile } from '../../db/import/finess-import.ts';
import { importShippedData, sharedDataDir } from '../../db/import/shipped-data.ts';
import { facilities } from '../../db/schema.ts';
import { createScratchDatabase } from '../support/scratch-database.ts';

let database: DatabaseConnection & { drop: () => Promise<void> };
let workDir: string;
const facilityDir = join(sharedDataDir(), 'facilities');

beforeAll(async () => {
  database = await createScratchDatabase(inject('databaseUrl'), 'import_test');
  workDir = await mkdtemp(join(tmpdir(), 'parcours-finess-'));
  await importCommunes(database.db, join(sharedDataDir(), 'geo', 'communes.csv'));
});
afterAll(async () => {
  await database?.drop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function facilityCount(): Promise<{ rows: number; distinct: number }> {
  const [row] = await database.db.execute<{ rows: number; distinct: number }>(
    sql`select count(*)::int as rows, count(distinct finess)::int as distinct from facilities`,
  );
  return row ?? { rows: 0, distinct: 0 };
}

describe('importing the shipped FINESS files', () => {
  it.each([
    ['finess_fr_ehpad.csv', { accepted: 1120, rejected: 0, skipped: 0 }],
    ['finess_fr_ssr_usld_had_2020.csv', { accepted: 1430, rejected: 0, skipped: 0 }],
    ['finess_fr_hospitals_mco_2020.csv', { accepted: 0, rejected: 0, skipped: 2454 }],
    ['ehpad_points_prices_2022_no_finess.csv', { accepted: 0, rejected: 5331, skipped: 0 }],
  ])('%s twice: the same counts, nothing created or changed the second time, no duplicate', async (file, expected) => {
    const before = await facilityCount();
    const first = await importFinessFile(database.db, join(facilityDir, file));
    const afterFirst = await facilityCount();
    const second = await importFinessFile(database.db, join(facilityDir, file));
    const afterSecond = await facilityCount();

    expect({ accepted: first.accepted, rejected: first.rejected.length, skipped: first.skipped }).toEqual(expected);
    expect(first.created).toBe(first.accepted);
    expect({ accepted: second.accepted, rejected: second.rejected, skipped: second.skipped }).toEqual({
      accepted: first.accepted,
      rejected: first.rejected,
      skipped: first.skipped,
    });
    expect({ created: second.created, updated: second.updated, unchanged: second.unchanged }).toEqual({
      created: 0,
      updated: 0,
      unchanged: first.accepted,
    });
    expect(afterFirst.rows).toBe(before.rows + first.created);
    expect(afterSecond).toEqual(afterFirst);
    expect(afterSecond.distinct).toBe(afterSecond.rows);
  });

  it('says why the shipped rows it leaves out are left out', async () => {
    const mco = await importFinessFile(database.db, join(facilityDir, 'finess_fr_hospitals_mco_2020.csv'));
    expect(mco.skippedReasons).toMatchObject({
      'catégorie 355 (Centre hospitalier (CH)) sans service d’aval identifiable : hôpital MCO': 1212,
    });
    const prices = await importFinessFile(database.db, join(facilityDir, 'ehpad_points_prices_2022_no_finess.csv'));
    expect(prices.rejected[0]).toEqual({ line: 2, reason: 'numéro FINESS manquant' });
  });

  it('rejects malformed lines with their number and reason while the rest imports', async () => {
    const path = join(workDir, 'malformed.csv');
    await writeFile(
      path,
      [
        'finess,name,category_code,category_label,address,postcode,city,departement,lat,lon,phone,price_hebergement_per_day',
        '310000757,EHPAD DE TEST UN,500,EHPAD,1 RUE A,31000,Toulouse,31,43.6,1.44,0561000000,70.00',
        '310000758,EHPAD CLE FAUSSE,500,EHPAD,1 RUE B,31000,Toulouse,31,43.6,1.44,,',
        '310000765,,500,EHPAD,1 RUE C,31000,Toulouse,31,43.6,1.44,,',
        '310000773,EHPAD AU LARGE,500,EHPAD,1 RUE D,31000,Toulouse,31,13.6,-30.2,,',
        '310000781,EHPAD DE TEST DEUX,500,EHPAD,1 RUE E,31000,Toulouse,31,43.61,1.45,,',
        '310000757,EHPAD DE TEST UN BIS,500,EHPAD,1 RUE A,31000,Toulouse,31,43.6,1.44,,',
      ].join('\n'),
    );
    const report = await importFinessFile(database.db, path);
    expect(report.rejected).toEqual([
      { line: 3, reason: 'clé de contrôle du numéro FINESS « 310000758 » invalide' },
      { line: 4, reason: 'nom de l’établissement manquant' },
      { line: 5, reason: 'coordonnées hors limites ou invalides (lat « 13.6 », lon « -30.2 »)' },
      { line: 7, reason: 'numéro FINESS 310000757 déjà présent ligne 2' },
    ]);
    expect(report.accepted).toBe(2);
    const [imported] = await database.db.select().from(facilities).where(eq(facilities.finess, '310000757'));
    expect(imported).toMatchObject({
      name: 'EHPAD DE TEST UN',
      kind: 'ehpad',
      commune: 'Toulouse',
      communeInsee: '31555',
    });
    expect(imported?.pricePerDay).toBe(70);
  });

  it('imports the official extract: structures, then Lambert 93 positions converted to WGS84', async () => {
    const path = join(workDir, 'etalab-cs1100507-stock-test.csv');
    await writeFile(
      path,
      [
        'finess;etalab;111;2026-05-12',
        "structureet;690003777;690000930;EHPAD SERGENT BERTHET;EHPAD SERGENT BERTHET;;;65;R;GORGE DE LOUP;;;389;69;RHONE;69009 LYON;0472533700;;500;Etablissement d'hébergement pour personnes âgées dépendantes;4401;Etab. Personnes Âgées;;8710A;40;ARS/PCD;;;1980-01-01;1980-01-01;2024-01-01;",
        'structureet;010000024;010780054;CH DE FLEYRIAT;CENTRE HOSPITALIER DE BOURG-EN-BRESSE FLEYRIAT;;;900;RTE;DE PARIS;;;451;01;AIN;01440 VIRIAT;0474454647;0474454114;355;Centre Hospitalier (C.H.);1102;Centres Hospitaliers;26010004500012;8610Z;03;ARS;1;Etablissement public de santé;1979-02-13;1979-02-13;2020-02-04;',
        'structureet;010009314;010780054;SSR HOTEL DIEU DE FLEYRIAT;SSR HOTEL DIEU DE FLEYRIAT;;;47;BD;DE BROU;;;053;01;AIN;01000 BOURG EN BRESSE;0474454647;;355;Centre Hospitalier (C.H.);1102;Centres Hospitaliers;;;03;ARS;1;Etablissement public de santé;1979-02-13;1979-02-13;2020-02-04;',
        'structureet;010009315;010780054;SSR CLE FAUSSE;;;;;;;;;053;01;AIN;01000 BOURG EN BRESSE;;;109;SSR;1102;;;;;;;;;;;',
        'geolocalisation;690003777;840926.3;6520290.1;1,ATLASANTE,96,BAN,EPSG:2154 RGF93 / Lambert-93 (Métropole);2026-05-04',
        'geolocalisation;010009314;873157.9;6570290.5;1,ATLASANTE,96,BAN,EPSG:2154 RGF93 / Lambert-93 (Métropole);2026-05-04',
        'geolocalisation;010000024;870262.2;6571540.8;1,ATLASANTE,96,BAN,EPSG:2154 RGF93 / Lambert-93 (Métropole);2026-05-04',
        'geolocalisation;690003777;99999999;6520290.1;1,ATLASANTE,96,BAN,EPSG:2154 RGF93 / Lambert-93 (Métropole);2026-05-04',
      ].join('\n'),
    );
    const first = await importFinessFile(database.db, path);
    expect(first.format).toBe('etalab');
    expect(first.rejected).toEqual([
      { line: 5, reason: 'clé de contrôle du numéro FINESS « 010009315 » invalide' },
      { line: 9, reason: 'coordonnées Lambert 93 hors limites (x 99999999, y 6520290.1)' },
    ]);
    expect(first.skipped).toBe(1); // the CH itself: an acute-care hospital
    expect(first.accepted).toBe(2);
    expect(first.positionsUpdated).toBe(2);

    const [site] = await database.db.select().from(facilities).where(eq(facilities.finess, '010009314'));
    expect(site).toMatchObject({
      kind: 'smr',
      address: '47 BOULEVARD DE BROU',
      postcode: '01000',
      communeInsee: '01053',
      commune: 'Bourg-en-Bresse',
      departement: '01',
    });
    expect(site?.lat).toBeCloseTo(46.2103, 3);
    expect(site?.lon).toBeCloseTo(5.2458, 3);

    const second = await importFinessFile(database.db, path);
    expect(second.positionsUpdated).toBe(0);
    expect(second.created + second.updated).toBe(0);
  });

  it('updates an imported price, never one the facility declared on its page', async () => {
    const header =
      'finess,name,category_code,category_label,address,postcode,city,departement,lat,lon,phone,price_hebergement_per_day';
    const path = join(workDir, 'prices.csv');
    const write = (first: string, second: string) =>
      writeFile(
        path,
        [
          header,
          `310000799,EHPAD PRIX IMPORTE,500,EHPAD,1 RUE F,31000,Toulouse,31,43.6,1.44,,${first}`,
          `310000807,EHPAD PRIX DECLARE,500,EHPAD,1 RUE G,31000,Toulouse,31,43.6,1.44,,${second}`,
        ].join('\n'),
      );
    await write('70.00', '71.00');
    await importFinessFile(database.db, path);
    await database.db
      .update(facilities)
      .set({ pricePerDay: 88.5, dependenceGir56PerDay: 6.1, tariffsDeclaredAt: new Date('2026-11-02T10:00:00Z') })
      .where(eq(facilities.finess, '310000807'));
    await write('75.00', '79.00');
    const report = await importFinessFile(database.db, path);
    expect({ updated: report.updated, unchanged: report.unchanged }).toEqual({ updated: 1, unchanged: 1 });
    const rows = await database.db
      .select({ finess: facilities.finess, price: facilities.pricePerDay, gir56: facilities.dependenceGir56PerDay })
      .from(facilities)
      .where(sql`${facilities.finess} in ('310000799', '310000807')`)
      .orderBy(facilities.finess);
    expect(rows).toEqual([
      { finess: '310000799', price: 75, gir56: null },
      { finess: '310000807', price: 88.5, gir56: 6.1 },
    ]);
  });

  it('skips shipped files whose content was already imported', async () => {
    const dataDir = join(workDir, 'shared');
    await import('node:fs/promises').then(async ({ mkdir, copyFile }) => {
      await mkdir(join(dataDir, 'facilities'), { recursive: true });
      await copyFile(join(facilityDir, 'finess_fr_ehpad.csv'), join(dataDir, 'facilities', 'finess_fr_ehpad.csv'));
    });
    const first = await importShippedData(database.db, { dataDir });
    const second = await importShippedData(database.db, { dataDir });
    expect(first.map((outcome) => outcome.skipped)).toEqual([false]);
    expect(second).toEqual([
      { source: 'facilities/finess_fr_ehpad.csv', skipped: true, counts: first[0]?.counts, durationMs: 0 },
    ]);
  });
});
