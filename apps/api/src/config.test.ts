import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('settings', () => {
  it('defaults to port 3000, ./data and the embedded database', () => {
    const config = loadConfig({}, '/srv/ccmm');
    expect(config).toMatchObject({ port: 3000, dataDir: '/srv/ccmm/data', databaseUrl: undefined });
    expect(config.evidenceMaxBytes).toBe(50 * 1024 * 1024);
  });

  it('names every wrong setting at once', () => {
    try {
      loadConfig({ PORT: '70000', DATABASE_URL: 'mysql://x', JWT_SECRET: 'short' }, '/');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('PORT');
      expect(problems).toContain('DATABASE_URL');
      expect(problems).toContain('JWT_SECRET');
    }
  });

  it('tells whether certificates issued now would carry a QR code to this machine', () => {
    const local = (origin?: string) =>
      loadConfig(origin ? { PUBLIC_ORIGIN: origin } : {}, '/').publicOriginIsLocal;
    expect(local()).toBe(true);
    expect(local('http://localhost:3000')).toBe(true);
    expect(local('http://127.0.0.1:3000')).toBe(true);
    expect(local('http://[::1]:3000')).toBe(true);
    expect(local('https://cert.example.org')).toBe(false);
    expect(local('http://192.168.1.20:3000')).toBe(false);
  });
});
