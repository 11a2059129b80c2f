import type { FacilityKind } from '../../domain/directory/facility-kinds.ts';
import { kindForFiness } from '../../domain/directory/finess-categories.ts';
import { checkFiness, finessDepartement } from '../../domain/directory/finess-number.ts';
import { type GeoPoint, isPlausibleFrenchPosition } from '../../domain/directory/geo-distance.ts';
import { isInLambert93Extent, lambert93ToWgs84 } from '../../domain/directory/lambert93.ts';
import { overseasUtmZoneOfFiness, utmToWgs84, utmZoneOfSource } from '../../domain/directory/utm.ts';
import { splitCsvLine } from './csv-lines.ts';

/**
 * One line of a FINESS file read into what the directory keeps, or the reason it is left out.
 * Two formats: the state's `etalab-cs1100507` extract (`;`, no header, `structureet` lines then
 * `geolocalisation` lines in Lambert 93) and the cleaned CSVs of shared/data (`,`, header row, WGS84).
 */
export interface FinessRecord {
  line: number;
  finess: string;
  name: string;
  categoryCode: string;
  categoryLabel: string | null;
  kind: FacilityKind;
  address: string | null;
  postcode: string | null;
  city: string | null;
  departement: string;
  /** INSEE code of the commune, when the format gives it (the official extract does). */
  communeInsee: string | null;
  phone: string | null;
  /** WGS84 position on the same line (cleaned format); the official extract gives it on its own line. */
  position: GeoPoint | null;
  pricePerDay: number | null;
}

export type LineOutcome =
  | { type: 'record'; record: FinessRecord }
  | { type: 'position'; line: number; finess: string; position: GeoPoint }
  | { type: 'rejected'; line: number; reason: string }
  | { type: 'skipped'; line: number; reason: string }
  | { type: 'ignored' };

export type FinessFormat = 'etalab' | 'cleaned';

export interface LineReader {
  format: FinessFormat;
  read: (line: number, text: string) => LineOutcome;
}

/** Chooses the reader from the first line of the file. */
export function lineReaderFor(firstLine: string): LineReader {
  if (/^(finess;etalab|structureet;|geolocalisation;)/.test(firstLine)) {
    return { format: 'etalab', read: readEtalabLine };
  }
  const header = splitCsvLine(firstLine, ',')?.map((column) => column.trim().toLowerCase());
  if (header?.includes('finess') && header.includes('name')) {
    const columns = new Map(header.map((column, index) => [column, index]));
    for (const required of ['finess', 'name', 'category_code', 'lat', 'lon']) {
      if (!columns.has(required)) throw new Error(`colonne « ${required} » absente de l’en-tête`);
    }
    return {
      format: 'cleaned',
      read: (line, text) => (line === 1 ? { type: 'ignored' } : readCleanedLine(columns, header.length, line, text)),
    };
  }
  throw new Error('format de fichier non reconnu (ni extraction FINESS etalab, ni CSV avec en-tête finess,name,…)');
}

function readCleanedLine(columns: Map<string, number>, width: number, line: number, text: string): LineOutcome {
  if (text.trim() === '') return { type: 'ignored' };
  const fields = splitCsvLine(text, ',');
  if (!fields) return { type: 'rejected', line, reason: 'guillemet non fermé' };
  if (fields.length !== width) {
    return { type: 'rejected', line, reason: `${fields.length} colonnes au lieu de ${width}` };
  }
  const field = (name: string) => {
    const index = columns.get(name);
    return index === undefined ? '' : (fields[index] ?? '').trim();
  };
  const finess = checkFiness(field('finess'));
  if (!finess.valid) return { type: 'rejected', line, reason: finess.reason };
  const name = field('name');
  if (!name) return { type: 'rejected', line, reason: 'nom de l’établissement manquant' };

  const departement = field('departement') || finessDepartement(finess.number) || '';
  const expected = finessDepartement(finess.number);
  if (!/^(\d{2}|2A|2B|97\d)$/.test(departement)) {
    return { type: 'rejected', line, reason: `département « ${departement} » invalide` };
  }
  if (expected && expected !== departement) {
    return {
      type: 'rejected',
      line,
      reason: `département ${departement} différent de celui du numéro FINESS (${expected})`,
    };
  }

  const position = readPosition(field('lat'), field('lon'));
  if (position === 'invalid') {
    return {
      type: 'rejected',
      line,
      reason: `coordonnées hors limites ou invalides (lat « ${field('lat')} », lon « ${field('lon')} »)`,
    };
  }
  const priceText = field('price_hebergement_per_day');
  const price = priceText === '' ? null : Number(priceText);
  if (price !== null && (!Number.isFinite(price) || price <= 0 || price > 2000)) {
    return { type: 'rejected', line, reason: `prix journalier « ${priceText} » invalide` };
  }

  const category = kindForFiness(field('category_code'), name);
  if ('outOfScope' in category) return { type: 'skipped', line, reason: category.outOfScope };
  if ('unknownCategory' in category) return { type: 'rejected', line, reason: category.unknownCategory };
  const postcode = field('postcode');
  return {
    type: 'record',
    record: {
      line,
      finess: finess.number,
      name,
      categoryCode: field('category_code'),
      categoryLabel: field('category_label') || null,
      kind: category.kind,
      address: field('address') || null,
      postcode: /^\d{5}$/.test(postcode) ? postcode : null,
      city: field('city') || null,
      departement,
      communeInsee: null,
      phone: normalizePhone(field('phone')),
      position,
      pricePerDay: price,
    },
  };
}

function readPosition(latText: string, lonText: string): GeoPoint | null | 'invalid' {
  if (latText === '' && lonText === '') return null;
  const lat = Number(latText);
  const lon = Number(lonText);
  if (latText === '' || lonText === '' || !isPlausibleFrenchPosition({ lat, lon })) return 'invalid';
  return { lat, lon };
}

/** Columns of a `structureet` line of the official extract (0-based). */
const etalab = {
  finess: 1,
  rs: 3,
  rslongue: 4,
  complrs: 5,
  numvoie: 7,
  typvoie: 8,
  voie: 9,
  compvoie: 10,
  lieuditbp: 11,
  commune: 12,
  departement: 13,
  ligneacheminement: 15,
  telephone: 16,
  categetab: 18,
  libcategetab: 19,
} as const;

/** FINESS writes the overseas départements as 9A…9J. */
const overseasDepartements: Record<string, string> = {
  '9A': '971',
  '9B': '972',
  '9C': '973',
  '9D': '974',
  '9E': '975',
  '9F': '976',
  '9J': '986',
};

const streetTypes: Record<string, string> = {
  R: 'RUE',
  AV: 'AVENUE',
  BD: 'BOULEVARD',
  RTE: 'ROUTE',
  CHE: 'CHEMIN',
  PL: 'PLACE',
  ALL: 'ALLEE',
  IMP: 'IMPASSE',
  QU: 'QUAI',
  SQ: 'SQUARE',
  CRS: 'COURS',
  FG: 'FAUBOURG',
  LOT: 'LOTISSEMENT',
  RES: 'RESIDENCE',
};

function readEtalabLine(line: number, text: string): LineOutcome {
  if (text.trim() === '' || text.startsWith('finess;etalab')) return { type: 'ignored' };
  const fields = splitCsvLine(text, ';');
  if (!fields) return { type: 'rejected', line, reason: 'guillemet non fermé' };
  const field = (index: number) => (fields[index] ?? '').trim();
  if (fields[0] === 'geolocalisation') return readEtalabPosition(line, fields);
  if (fields[0] !== 'structureet') {
    return { type: 'rejected', line, reason: `type de ligne « ${fields[0]} » inconnu` };
  }
  if (fields.length < 20) return { type: 'rejected', line, reason: `${fields.length} champs, 20 au moins attendus` };

  const finess = checkFiness(field(etalab.finess));
  if (!finess.valid) return { type: 'rejected', line, reason: finess.reason };
  const name = field(etalab.rslongue) || field(etalab.rs);
  if (!name) return { type: 'rejected', line, reason: 'nom de l’établissement manquant' };
  const category = kindForFiness(field(etalab.categetab), name);
  if ('outOfScope' in category) return { type: 'skipped', line, reason: category.outOfScope };
  if ('unknownCategory' in category) return { type: 'rejected', line, reason: category.unknownCategory };

  const rawDepartement = field(etalab.departement);
  const departement = overseasDepartements[rawDepartement] ?? rawDepartement.padStart(2, '0');
  if (!/^(\d{2}|2A|2B|9\d\d)$/.test(departement)) {
    return { type: 'rejected', line, reason: `département « ${rawDepartement} » invalide` };
  }
  const communeCode = field(etalab.commune);
  const communeInsee = /^\d{3}$/.test(communeCode)
    ? `${departement.length === 3 ? departement.slice(0, 2) : departement}${communeCode}`
    : null;
  const routing = /^(\d{5})\s+(.*)$/.exec(field(etalab.ligneacheminement));
  const street = [
    field(etalab.numvoie),
    field(etalab.compvoie),
    streetTypes[field(etalab.typvoie)] ?? field(etalab.typvoie),
    field(etalab.voie),
  ]
    .filter(Boolean)
    .join(' ');
  const address = [street, field(etalab.lieuditbp)].filter(Boolean).join(', ');
  return {
    type: 'record',
    record: {
      line,
      finess: finess.number,
      name,
      categoryCode: field(etalab.categetab),
      categoryLabel: field(etalab.libcategetab) || null,
      kind: category.kind,
      address: address || null,
      postcode: routing?.[1] ?? null,
      city: routing?.[2]?.replace(/\s+CEDEX.*$/, '') ?? null,
      departement,
      communeInsee,
      phone: normalizePhone(field(etalab.telephone)),
      position: null,
      pricePerDay: null,
    },
  };
}

/**
 * `geolocalisation;nofinesset;coordxet;coordyet;sourcecoordet;datemaj`: Lambert 93 in metropolitan
 * France, UTM overseas (the source's last item names the system, e.g. `LAMBERT_93`, `UTM_N20`).
 */
function readEtalabPosition(line: number, fields: string[]): LineOutcome {
  const finess = checkFiness(fields[1] ?? '');
  if (!finess.valid) return { type: 'rejected', line, reason: finess.reason };
  const source = fields[4] ?? '';
  const x = Number((fields[2] ?? '').replace(',', '.'));
  const y = Number((fields[3] ?? '').replace(',', '.'));
  if (!Number.isFinite(x) || !Number.isFinite(y) || fields[2]?.trim() === '' || fields[3]?.trim() === '') {
    return { type: 'rejected', line, reason: 'coordonnées manquantes ou non numériques' };
  }
  // Overseas positions are in the UTM zone of their territory: named by the source, else by the FINESS number.
  const overseasZone = overseasUtmZoneOfFiness(finess.number);
  const utmZone = utmZoneOfSource(source) ?? (source.trim() === '' ? overseasZone : undefined);
  if (utmZone) {
    if (!overseasZone) {
      return { type: 'rejected', line, reason: `coordonnées UTM pour un établissement de métropole (${source})` };
    }
    const position = utmToWgs84(x, y, utmZone);
    if (!isPlausibleFrenchPosition(position)) {
      return {
        type: 'rejected',
        line,
        reason: `coordonnées hors de France (UTM ${utmZone.zone}${utmZone.hemisphere}, x ${x}, y ${y})`,
      };
    }
    return { type: 'position', line, finess: finess.number, position: { lat: position.lat, lon: position.lon } };
  }
  const lambert = /LAMBERT[_ -]?93|2154/i.test(source) || (source.trim() === '' && isInLambert93Extent(x, y));
  if (!lambert) {
    return {
      type: 'rejected',
      line,
      reason: `système de coordonnées non pris en charge (${source.split(',').at(-1) || 'inconnu'})`,
    };
  }
  if (!isInLambert93Extent(x, y)) {
    return { type: 'rejected', line, reason: `coordonnées Lambert 93 hors limites (x ${x}, y ${y})` };
  }
  const { lat, lon } = lambert93ToWgs84(x, y);
  if (!isPlausibleFrenchPosition({ lat, lon })) {
    return { type: 'rejected', line, reason: `coordonnées hors de France (x ${x}, y ${y})` };
  }
  return { type: 'position', line, finess: finess.number, position: { lat, lon } };
}

function normalizePhone(value: string): string | null {
  const digits = value.replace(/\D/g, '');
  if (/^0\d{9}$/.test(digits)) return digits;
  if (/^[1-9]\d{8}$/.test(digits)) return `0${digits}`;
  return null;
}
