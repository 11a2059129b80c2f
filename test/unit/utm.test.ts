import { describe, expect, it } from 'vitest';
import { overseasUtmZoneOfFiness, utmToWgs84, utmZoneOfSource } from '../../domain/directory/utm.ts';

/** A point in each territory (with a FINESS number of there), projected by PROJ (pyproj 3, EPSG codes of the official systems). */
const references = [
  { place: 'Fort-de-France', finess: '970211207', x: 708289.09, y: 1615380.61, lat: 14.6037, lon: -61.0664 },
  { place: 'Pointe-à-Pitre', finess: '970100129', x: 656770.9, y: 1796166.18, lat: 16.2411, lon: -61.5331 },
  { place: 'Cayenne', finess: '970302022', x: 352980.2, y: 545868.92, lat: 4.9372, lon: -52.326 },
  { place: 'Saint-Denis', finess: '970421038', x: 338811.24, y: 7690101.36, lat: -20.8823, lon: 55.4504 },
  { place: 'Mamoudzou', finess: '980500011', x: 524724.52, y: 8587115.82, lat: -12.7806, lon: 45.2278 },
  { place: 'Saint-Pierre', finess: '970500039', x: 562869.8, y: 5181168.32, lat: 46.7811, lon: -56.1764 },
] as const;

describe('UTM positions of the overseas territories', () => {
  it.each(references)('places $place within a metre of PROJ', ({ finess, x, y, lat, lon }) => {
    const zone = overseasUtmZoneOfFiness(finess);
    if (!zone) throw new Error(`no zone for ${finess}`);
    const position = utmToWgs84(x, y, zone);
    // 1e-5 degree is about a metre.
    expect(Math.abs(position.lat - lat)).toBeLessThan(1e-5);
    expect(Math.abs(position.lon - lon)).toBeLessThan(1e-5);
  });

  it('reads the zone from the labels of the extract', () => {
    expect(utmZoneOfSource('2,ATLASANTE,96,BAN,EPSG:5490 RGAF09/UTM Zone 20N (Antilles)')).toEqual({
      zone: 20,
      hemisphere: 'N',
    });
    expect(utmZoneOfSource('1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,UTM_S40')).toEqual({ zone: 40, hemisphere: 'S' });
    expect(utmZoneOfSource('EPSG:2975')).toEqual({ zone: 40, hemisphere: 'S' });
    expect(utmZoneOfSource('EPSG:32738 WGS 84 / UTM zone 38S')).toEqual({ zone: 38, hemisphere: 'S' });
    expect(utmZoneOfSource('1,ATLASANTE,96,BAN,EPSG:2154 RGF93 / Lambert-93 (Métropole)')).toBeUndefined();
    expect(utmZoneOfSource('LAMBERT_93')).toBeUndefined();
    expect(overseasUtmZoneOfFiness('690003777')).toBeUndefined();
  });
});
