import type { LonLat } from './lambert93.ts';

/**
 * UTM → WGS84, for the overseas départements' positions in the official FINESS extract (UTM 20N
 * for Guadeloupe and Martinique, 22N Guyane, 40S La Réunion, 38S Mayotte, 21N Saint-Pierre-et-
 * Miquelon). Their datums (RGAF09, RGFG95, RGR92, RGM04, RGSPM06) sit on GRS80 and agree with
 * WGS84 to a few centimetres, so no datum shift. Inverse transverse Mercator with Krüger's series
 * to the third order in n: millimetre-accurate within a zone.
 */
const a = 6378137; // GRS80 semi-major axis (m)
const f = 1 / 298.257222101; // GRS80 flattening
const k0 = 0.9996;
const falseEasting = 500_000;
const southFalseNorthing = 10_000_000;

const n = f / (2 - f);
const rectifyingRadius = (a / (1 + n)) * (1 + n ** 2 / 4 + n ** 4 / 64);
const beta = [
  n / 2 - (2 / 3) * n ** 2 + (37 / 96) * n ** 3,
  (1 / 48) * n ** 2 + (1 / 15) * n ** 3,
  (17 / 480) * n ** 3,
];
const delta = [2 * n - (2 / 3) * n ** 2 - 2 * n ** 3, (7 / 3) * n ** 2 - (8 / 5) * n ** 3, (56 / 15) * n ** 3];

export interface UtmZone {
  zone: number;
  hemisphere: 'N' | 'S';
}

export function utmToWgs84(easting: number, northing: number, { zone, hemisphere }: UtmZone): LonLat {
  const xi = (northing - (hemisphere === 'S' ? southFalseNorthing : 0)) / (k0 * rectifyingRadius);
  const eta = (easting - falseEasting) / (k0 * rectifyingRadius);
  let xiPrime = xi;
  let etaPrime = eta;
  beta.forEach((b, index) => {
    const j = 2 * (index + 1);
    xiPrime -= b * Math.sin(j * xi) * Math.cosh(j * eta);
    etaPrime -= b * Math.cos(j * xi) * Math.sinh(j * eta);
  });
  const chi = Math.asin(Math.sin(xiPrime) / Math.cosh(etaPrime));
  let phi = chi;
  delta.forEach((d, index) => {
    phi += d * Math.sin(2 * (index + 1) * chi);
  });
  const centralMeridian = zone * 6 - 183;
  const lambda = Math.atan2(Math.sinh(etaPrime), Math.cos(xiPrime));
  return { lon: centralMeridian + (lambda * 180) / Math.PI, lat: (phi * 180) / Math.PI };
}

/**
 * The UTM zone of an overseas FINESS number, when the extract's line does not name one: overseas
 * numbers do not spell their département (9701… Guadeloupe and the northern islands, 9702…
 * Martinique, 9703… Guyane, 9704… La Réunion, 9705… Saint-Pierre-et-Miquelon, 98… Mayotte).
 */
export function overseasUtmZoneOfFiness(finess: string): UtmZone | undefined {
  if (finess.startsWith('98')) return { zone: 38, hemisphere: 'S' };
  return finessPrefixZones[finess.slice(0, 4)];
}

const finessPrefixZones: Record<string, UtmZone> = {
  '9701': { zone: 20, hemisphere: 'N' },
  '9702': { zone: 20, hemisphere: 'N' },
  '9703': { zone: 22, hemisphere: 'N' },
  '9704': { zone: 40, hemisphere: 'S' },
  '9705': { zone: 21, hemisphere: 'N' },
};

/** The projected systems of the overseas territories, by EPSG code. */
const epsgZones: Record<string, UtmZone> = {
  '5490': { zone: 20, hemisphere: 'N' }, // RGAF09 / UTM 20N (Antilles)
  '2972': { zone: 22, hemisphere: 'N' }, // RGFG95 / UTM 22N (Guyane)
  '2975': { zone: 40, hemisphere: 'S' }, // RGR92 / UTM 40S (La Réunion)
  '4471': { zone: 38, hemisphere: 'S' }, // RGM04 / UTM 38S (Mayotte)
  '4467': { zone: 21, hemisphere: 'N' }, // RGSPM06 / UTM 21N (Saint-Pierre-et-Miquelon)
};

/**
 * Reads a zone from the extract's source label (`EPSG:5490 RGAF09/UTM Zone 20N (Antilles)`,
 * `UTM_N20`, `EPSG:32740`); undefined when it names no UTM system.
 */
export function utmZoneOfSource(source: string): UtmZone | undefined {
  const epsg = /EPSG:?\s*(\d{4,5})/i.exec(source)?.[1];
  if (epsg) {
    const wgs84Utm = /^32([67])(\d{2})$/.exec(epsg);
    if (wgs84Utm) return { zone: Number(wgs84Utm[2]), hemisphere: wgs84Utm[1] === '6' ? 'N' : 'S' };
    if (epsgZones[epsg]) return epsgZones[epsg];
  }
  const match = /UTM[_ -]?(?:ZONE[_ -]?)?(?:([NS])[_ -]?(\d{1,2})|(\d{1,2})[_ -]?([NS]))/i.exec(source);
  if (!match) return undefined;
  const zone = Number(match[2] ?? match[3]);
  const hemisphere = (match[1] ?? match[4] ?? 'N').toUpperCase() as 'N' | 'S';
  return zone >= 1 && zone <= 60 ? { zone, hemisphere } : undefined;
}
