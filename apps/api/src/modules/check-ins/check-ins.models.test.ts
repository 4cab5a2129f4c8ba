import { describe, expect, it } from 'vitest';
import { distanceMetres, placement } from './check-ins.models.ts';

const SITE = { latitude: 23.1291, longitude: 113.2644 }; // Guangzhou

describe('how far a check-in was from the site', () => {
  it('a degree of latitude is about 111 km, and a point is 0 m from itself', () => {
    expect(distanceMetres(SITE, SITE)).toBe(0);
    const d = distanceMetres({ latitude: 0, longitude: 0 }, { latitude: 1, longitude: 0 });
    expect(d).toBeGreaterThan(111_000);
    expect(d).toBeLessThan(111_400);
  });

  it('Guangzhou to Shenzhen is about 104 km', () => {
    const d = distanceMetres(SITE, { latitude: 22.5431, longitude: 114.0579 });
    expect(d / 1000).toBeGreaterThan(100);
    expect(d / 1000).toBeLessThan(108);
  });

  it('within the distance is not flagged, beyond it is, and without both points nothing is measured', () => {
    const near = { latitude: 23.1311, longitude: 113.2644 }; // ~222 m north
    expect(placement(near, SITE, 1000)).toEqual({ distanceM: 222, far: false });
    expect(placement(near, SITE, 200).far).toBe(true);
    expect(placement(null, SITE, 1000)).toEqual({ distanceM: null, far: false });
    expect(placement(near, null, 1000)).toEqual({ distanceM: null, far: false });
  });
});
