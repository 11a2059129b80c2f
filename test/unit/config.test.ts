import { describe, expect, it } from 'vitest';
import { readConfig } from '../../bin/config.ts';

describe('the configuration from the environment', () => {
  it('takes an empty variable as unset, as docker-compose.yml passes optional ones', () => {
    const config = readConfig({ RESEND_WEBHOOK_SECRET: '', PSC_ISSUER: '', PSC_CLIENT_ID: '', PSC_CLIENT_SECRET: '' });
    expect(config.RESEND_WEBHOOK_SECRET).toBeUndefined();
    expect(config.PSC_ISSUER).toBeUndefined();
  });

  it('reads the worker’s health port and the shutdown bound, and refuses a port out of range in French', () => {
    expect(readConfig({}).PARCOURS_SHUTDOWN_TIMEOUT_SECONDS).toBe(25);
    expect(readConfig({}).PARCOURS_WORKER_HEALTH_PORT).toBeUndefined();
    expect(readConfig({ PARCOURS_WORKER_HEALTH_PORT: '3001' }).PARCOURS_WORKER_HEALTH_PORT).toBe(3001);
    expect(() => readConfig({ PARCOURS_WORKER_HEALTH_PORT: '70000' })).toThrow(/Configuration invalide/);
  });
});
