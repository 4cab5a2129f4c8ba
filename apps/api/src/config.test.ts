import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, requireSharedSecrets } from './config.ts';

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

  it('requires JWT_SECRET and SIGNING_KEY with DATABASE_URL, naming each, and neither on the embedded database', () => {
    const url = 'postgres://db.example/ccmm';
    const problems = (env: Record<string, string>) => {
      try {
        requireSharedSecrets(loadConfig(env, '/'));
        return [];
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).problems.map((p) => p.split(':')[0]);
      }
    };
    const key = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const secret = 'x'.repeat(48);
    expect(problems({})).toEqual([]);
    expect(problems({ DATABASE_URL: url })).toEqual(['JWT_SECRET', 'SIGNING_KEY']);
    expect(problems({ DATABASE_URL: url, JWT_SECRET: secret })).toEqual(['SIGNING_KEY']);
    expect(problems({ DATABASE_URL: url, SIGNING_KEY: key })).toEqual(['JWT_SECRET']);
    expect(problems({ DATABASE_URL: url, JWT_SECRET: secret, SIGNING_KEY: key })).toEqual([]);
  });

  it('sheds load on event loop delay by default with DATABASE_URL only (the embedded database runs on the loop)', () => {
    expect(loadConfig({}, '/').loadShedding.maxEventLoopDelayMs).toBe(0);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x' }, '/').loadShedding.maxEventLoopDelayMs).toBe(1000);
    expect(
      loadConfig({ LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS: '250' }, '/').loadShedding.maxEventLoopDelayMs,
    ).toBe(250);
  });
});
