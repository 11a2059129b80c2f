/**
 * Lambert 93 (EPSG:2154, RGF93) → WGS84 longitude/latitude, as in the official FINESS extract's
 * `geolocalisation` lines. Inverse Lambert conformal conic with two standard parallels on the
 * GRS80 ellipsoid (IGN, NTG_71); RGF93 and WGS84 agree to a few centimetres, so no datum shift.
 */
const a = 6378137; // GRS80 semi-major axis (m)
const e = 0.0818191910428158; // GRS80 first eccentricity
const lon0 = deg(3);
const phi0 = deg(46.5);
const phi1 = deg(44);
const phi2 = deg(49);
const x0 = 700000;
const y0 = 6600000;

function deg(value: number): number {
  return (value * Math.PI) / 180;
}

function isometricLatitude(phi: number): number {
  const sin = Math.sin(phi);
  return Math.log(Math.tan(Math.PI / 4 + phi / 2) * ((1 - e * sin) / (1 + e * sin)) ** (e / 2));
}

function normalRadius(phi: number): number {
  return a / Math.sqrt(1 - e * e * Math.sin(phi) ** 2);
}

const n =
  Math.log((normalRadius(phi2) * Math.cos(phi2)) / (normalRadius(phi1) * Math.cos(phi1))) /
  (isometricLatitude(phi1) - isometricLatitude(phi2));
const c = ((normalRadius(phi1) * Math.cos(phi1)) / n) * Math.exp(n * isometricLatitude(phi1));
const ys = y0 + c * Math.exp(-n * isometricLatitude(phi0));

export interface LonLat {
  lon: number;
  lat: number;
}

/** Metres east/north in Lambert 93 → decimal degrees WGS84. */
export function lambert93ToWgs84(x: number, y: number): LonLat {
  const dx = x - x0;
  const dy = ys - y;
  const r = Math.hypot(dx, dy);
  const gamma = Math.atan2(dx, dy);
  const lon = lon0 + gamma / n;
  const isometric = -Math.log(r / c) / n;
  let phi = 2 * Math.atan(Math.exp(isometric)) - Math.PI / 2;
  for (let iteration = 0; iteration < 20; iteration++) {
    const sin = Math.sin(phi);
    const next = 2 * Math.atan(((1 + e * sin) / (1 - e * sin)) ** (e / 2) * Math.exp(isometric)) - Math.PI / 2;
    if (Math.abs(next - phi) < 1e-12) {
      phi = next;
      break;
    }
    phi = next;
  }
  return { lon: (lon * 180) / Math.PI, lat: (phi * 180) / Math.PI };
}

/** Decimal degrees WGS84 → Lambert 93 metres (used by tests and the benchmark's generator). */
export function wgs84ToLambert93(lon: number, lat: number): { x: number; y: number } {
  const r = c * Math.exp(-n * isometricLatitude(deg(lat)));
  const gamma = n * (deg(lon) - lon0);
  return { x: x0 + r * Math.sin(gamma), y: ys - r * Math.cos(gamma) };
}

/** The extent where Lambert 93 is defined (metropolitan France and its margins), in metres. */
export function isInLambert93Extent(x: number, y: number): boolean {
  return x >= 0 && x <= 1_300_000 && y >= 6_000_000 && y <= 7_200_000;
}
