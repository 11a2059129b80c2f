import { describe, expect, it } from 'vitest';
import { haversineKm } from '../../domain/directory/geo-distance.ts';
import { isInLambert93Extent, lambert93ToWgs84, wgs84ToLambert93 } from '../../domain/directory/lambert93.ts';

/**
 * Reference values computed with PROJ (pyproj 3, EPSG:2154 → EPSG:4326), to 1e-7 degree (about
 * 1 cm): the projection's origin, and points spread over metropolitan France and Corsica.
 */
const references: { x: number; y: number; lat: number; lon: number; where: string }[] = [
  { x: 700000, y: 6600000, lat: 46.5, lon: 3.0, where: 'origine de la projection' },
  { x: 652469.02, y: 6862035.26, lat: 48.85660001, lon: 2.35219996, where: 'Paris' },
  { x: 842093, y: 6519103, lat: 45.75672551, lon: 4.82807671, where: 'Lyon' },
  { x: 1050000, y: 6850000, lat: 48.65530647, lon: 7.75461579, where: 'Alsace' },
  { x: 350000, y: 6700000, lat: 47.30784152, lon: -1.63514291, where: 'Loire-Atlantique' },
  { x: 1200000, y: 6100000, lat: 41.82950614, lon: 9.01087173, where: 'Corse-du-Sud' },
  { x: 1000000, y: 7100000, lat: 50.92323131, lon: 7.25979266, where: 'nord-est, hors de France' },
];

describe('Lambert 93 → WGS84', () => {
  it.each(references)('converts $where ($x, $y) as PROJ does', ({ x, y, lat, lon }) => {
    const point = lambert93ToWgs84(x, y);
    expect(point.lat).toBeCloseTo(lat, 7);
    expect(point.lon).toBeCloseTo(lon, 7);
  });

  it('places a FINESS geolocalisation line where the WGS84 extract has the same hospital', () => {
    // CH de Bourg-en-Bresse Fleyriat (010000024): official extract 870262.2 / 6571540.8;
    // shared/data's WGS84 file (ATLASANTE, another vintage) has 46.222200, 5.208790.
    const point = lambert93ToWgs84(870262.2, 6571540.8);
    expect(haversineKm(point, { lat: 46.2222, lon: 5.20879 })).toBeLessThan(0.1);
  });

  it('round-trips through the forward projection to the millimetre', () => {
    for (const { x, y } of references) {
      const { lat, lon } = lambert93ToWgs84(x, y);
      const back = wgs84ToLambert93(lon, lat);
      expect(back.x).toBeCloseTo(x, 3);
      expect(back.y).toBeCloseTo(y, 3);
    }
  });

  it('knows the extent where coordinates can be Lambert 93', () => {
    expect(isInLambert93Extent(870262.2, 6571540.8)).toBe(true);
    expect(isInLambert93Extent(657242.9, 1795384.4)).toBe(false); // UTM 20N (Antilles)
  });
});
