import { describe, expect, it } from 'vitest';
import { lineReaderFor } from '../../db/import/finess-records.ts';
import { kindForFiness } from '../../domain/directory/finess-categories.ts';

const cleanedHeader =
  'finess,name,category_code,category_label,address,postcode,city,departement,lat,lon,phone,price_hebergement_per_day';

describe('reading FINESS lines', () => {
  it('reads a cleaned CSV line, quotes included', () => {
    const reader = lineReaderFor(cleanedHeader);
    expect(reader.format).toBe('cleaned');
    expect(reader.read(1, cleanedHeader)).toEqual({ type: 'ignored' });
    const outcome = reader.read(
      2,
      '690003777,"EHPAD ""SERGENT"" BERTHET",500,EHPAD,65 RUE GORGE DE LOUP,69009,Lyon,69,45.768852,4.802302,472533700,136.50',
    );
    expect(outcome).toEqual({
      type: 'record',
      record: expect.objectContaining({
        line: 2,
        finess: '690003777',
        name: 'EHPAD "SERGENT" BERTHET',
        kind: 'ehpad',
        departement: '69',
        position: { lat: 45.768852, lon: 4.802302 },
        phone: '0472533700',
        pricePerDay: 136.5,
      }),
    });
  });

  it('rejects malformed lines with their number and reason', () => {
    const reader = lineReaderFor(cleanedHeader);
    const rejected = (line: number, text: string) => reader.read(line, text);
    expect(rejected(3, '690003778,EHPAD X,500,EHPAD,,,,69,45.7,4.8,,')).toEqual({
      type: 'rejected',
      line: 3,
      reason: 'clé de contrôle du numéro FINESS « 690003778 » invalide',
    });
    expect(rejected(4, '690003777,,500,EHPAD,,,,69,45.7,4.8,,')).toEqual({
      type: 'rejected',
      line: 4,
      reason: 'nom de l’établissement manquant',
    });
    expect(rejected(5, '690003777,EHPAD X,500,EHPAD,,,,69,145.7,4.8,,')).toMatchObject({
      type: 'rejected',
      line: 5,
      reason: expect.stringMatching(/^coordonnées hors limites/),
    });
    expect(rejected(6, '690003777,EHPAD X,500,EHPAD,,,,69,45.7,,,')).toMatchObject({ type: 'rejected', line: 6 });
    expect(rejected(7, '690003777,EHPAD X,500')).toEqual({
      type: 'rejected',
      line: 7,
      reason: '3 colonnes au lieu de 12',
    });
    expect(rejected(8, '690003777,EHPAD X,500,EHPAD,,,,13,45.7,4.8,,')).toMatchObject({
      reason: 'département 13 différent de celui du numéro FINESS (69)',
    });
    expect(rejected(9, '690003777,EHPAD X,500,EHPAD,,,,69,45.7,4.8,,gratuit')).toMatchObject({
      reason: 'prix journalier « gratuit » invalide',
    });
    expect(rejected(10, '690003777,"EHPAD X,500,EHPAD,,,,69,45.7,4.8,,')).toMatchObject({
      reason: 'guillemet non fermé',
    });
  });

  it('keeps a row without coordinates (no distance) and skips acute-care hospitals', () => {
    const reader = lineReaderFor(
      'finess,name,category_code,category_label,address,postcode,city,departement,lat,lon,phone',
    );
    expect(
      reader.read(2, '100000801,HOPITAL LOCAL DE NOGENT-SUR-SEINE SSR,106,CH,,10400,NOGENT SUR SEINE,10,,,'),
    ).toMatchObject({ type: 'record', record: { kind: 'smr', position: null } });
    expect(
      reader.read(3, '010000024,CENTRE HOSPITALIER DE BOURG-EN-BRESSE FLEYRIAT,355,CH,,01440,VIRIAT,01,46.2,5.2,'),
    ).toEqual({
      type: 'skipped',
      line: 3,
      reason: 'catégorie 355 (Centre hospitalier (CH)) sans service d’aval identifiable : hôpital MCO',
    });
  });

  it('reads the official extract: structureet lines, then Lambert 93 geolocalisation lines', () => {
    const reader = lineReaderFor('finess;etalab;111;2026-05-12');
    expect(reader.format).toBe('etalab');
    expect(reader.read(1, 'finess;etalab;111;2026-05-12')).toEqual({ type: 'ignored' });
    const structure =
      "structureet;690003777;690000930;EHPAD SERGENT BERTHET;EHPAD SERGENT BERTHET;;;65;R;GORGE DE LOUP;;;389;69;RHONE;69009 LYON;0472533700;;500;Etablissement d'hébergement pour personnes âgées dépendantes;4401;Etablissements d'Hébergement pour Personnes Âgées;;8710A;40;ARS/PCD;;;1980-01-01;1980-01-01;2024-01-01;";
    expect(reader.read(2, structure)).toEqual({
      type: 'record',
      record: expect.objectContaining({
        finess: '690003777',
        kind: 'ehpad',
        address: '65 RUE GORGE DE LOUP',
        postcode: '69009',
        city: 'LYON',
        communeInsee: '69389',
        departement: '69',
        position: null,
      }),
    });
    const position = reader.read(
      3,
      'geolocalisation;010000024;870262.2;6571540.8;1,ATLASANTE,96,BAN,EPSG:2154 RGF93 / Lambert-93 (Métropole);2026-05-04',
    );
    expect(position).toMatchObject({ type: 'position', line: 3, finess: '010000024' });
    if (position.type !== 'position') throw new Error('position expected');
    expect(position.position.lat).toBeCloseTo(46.22229, 4);
    expect(position.position.lon).toBeCloseTo(5.20918, 4);
    // Overseas: UTM of the territory (here Pointe-à-Pitre, reference values from PROJ).
    const antilles = reader.read(
      4,
      'geolocalisation;970100012;656770.9;1796166.18;2,ATLASANTE,96,BAN,EPSG:5490 RGAF09/UTM Zone 20N (Antilles);2026-05-04',
    );
    expect(antilles).toMatchObject({ type: 'position', line: 4, finess: '970100012' });
    if (antilles.type !== 'position') throw new Error('position expected');
    expect(antilles.position.lat).toBeCloseTo(16.2411, 5);
    expect(antilles.position.lon).toBeCloseTo(-61.5331, 5);
    // UTM for a metropolitan facility is a mistake in the line, not a position.
    expect(reader.read(7, 'geolocalisation;010000024;656770.9;1796166.18;UTM_N20;2026-05-04')).toMatchObject({
      type: 'rejected',
      reason: expect.stringMatching(/métropole/),
    });
    expect(reader.read(8, 'geolocalisation;970100012;656770.9;1796166.18;WGS84_GEO;2026-05-04')).toMatchObject({
      type: 'rejected',
      reason: expect.stringMatching(/non pris en charge/),
    });
    expect(reader.read(5, 'geolocalisation;010000024;870262.2;9571540.8;LAMBERT_93;2026-05-04')).toMatchObject({
      type: 'rejected',
      reason: expect.stringMatching(/hors limites/),
    });
    expect(reader.read(6, 'structureet;690003777;690000930;;;;')).toMatchObject({ type: 'rejected', line: 6 });
  });

  it('maps FINESS categories to kinds, hospital sites by their name', () => {
    expect(kindForFiness('500', 'EHPAD LES LILAS')).toEqual({ kind: 'ehpad', byName: false });
    expect(kindForFiness('202', 'RESIDENCE AUTONOMIE')).toEqual({ kind: 'residence_autonomie', byName: false });
    expect(kindForFiness('354', 'SSIAD')).toEqual({ kind: 'ssiad', byName: false });
    expect(kindForFiness('362', 'USLD')).toEqual({ kind: 'usld', byName: false });
    expect(kindForFiness('109', 'CLINIQUE')).toEqual({ kind: 'smr', byName: false });
    expect(kindForFiness('355', 'HAD CH DE BEZIERS')).toEqual({ kind: 'had', byName: true });
    expect(kindForFiness('355', 'UNITÉ DE SOINS PALLIATIFS')).toEqual({ kind: 'soins_palliatifs', byName: true });
    expect(kindForFiness('355', 'UNITE DE LONG SÉJOUR')).toEqual({ kind: 'usld', byName: true });
    expect(kindForFiness('101', 'SSR HOTEL DIEU')).toEqual({ kind: 'smr', byName: true });
    expect(kindForFiness('620', 'PHARMACIE')).toHaveProperty('outOfScope');
  });
});
