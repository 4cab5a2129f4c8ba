// Presence on record, the pure part: how far a check-in was from the center's site, and whether
// that is far enough for the body to ask why.

export interface Point {
  readonly latitude: number;
  readonly longitude: number;
}

/** The mean Earth radius (IUGG), metres: the haversine distance's sphere. */
const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres (haversine: within 0.5% of the ellipsoid, ample for a flag). */
export function distanceMetres(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The distance of a check-in from the site and whether it is flagged: only a check-in with a
 * location, of a center with registered coordinates, can be measured; it is far when the device
 * was more than `maxM` metres away (its stated accuracy is kept beside it, not subtracted: a
 * fix off by kilometres is itself worth the body's question).
 */
export function placement(
  device: Point | null,
  site: Point | null,
  maxM: number,
): { distanceM: number | null; far: boolean } {
  if (!device || !site) return { distanceM: null, far: false };
  const distanceM = Math.round(distanceMetres(device, site));
  return { distanceM, far: distanceM > maxM };
}
