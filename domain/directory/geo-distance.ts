/**
 * Distances between WGS84 points: haversine on a sphere of the mean Earth radius (accurate to
 * about 0.5 %, far below the imprecision of a commune's centre point), and the latitude/longitude
 * box that holds every point within a radius, used to prefilter on indexed columns.
 */
export const earthRadiusKm = 6371.0088;

export interface GeoPoint {
  lat: number;
  lon: number;
}

export function haversineKm(from: GeoPoint, to: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (to.lat - from.lat) * rad;
  const dLon = (to.lon - from.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(from.lat * rad) * Math.cos(to.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusKm * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface BoundingBox {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

/** Every point within `radiusKm` of `center` lies in this box (valid away from the poles). */
export function boundingBox(center: GeoPoint, radiusKm: number): BoundingBox {
  const dLat = (radiusKm / earthRadiusKm) * (180 / Math.PI);
  const maxAbsLat = Math.min(89, Math.abs(center.lat) + dLat);
  const dLon = dLat / Math.cos((maxAbsLat * Math.PI) / 180);
  return {
    minLat: center.lat - dLat,
    maxLat: center.lat + dLat,
    minLon: center.lon - dLon,
    maxLon: center.lon + dLon,
  };
}

/** Plausible WGS84 coordinates for a French facility (metropolitan France, Corsica, overseas départements, Saint-Pierre-et-Miquelon). */
export function isPlausibleFrenchPosition(point: GeoPoint): boolean {
  const { lat, lon } = point;
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return false;
  const metropolitan = lat >= 41 && lat <= 51.5 && lon >= -5.8 && lon <= 10;
  const antilles = lat >= 14 && lat <= 18.5 && lon >= -63.5 && lon <= -60.5;
  const guyane = lat >= 2 && lat <= 6 && lon >= -54.7 && lon <= -51;
  const reunion = lat >= -21.5 && lat <= -20.8 && lon >= 55.1 && lon <= 56;
  const mayotte = lat >= -13.1 && lat <= -12.5 && lon >= 44.9 && lon <= 45.4;
  const saintPierre = lat >= 46.7 && lat <= 47.2 && lon >= -56.5 && lon <= -56.1;
  return metropolitan || antilles || guyane || reunion || mayotte || saintPierre;
}
