import { describe, expect, it } from 'vitest';
import { channelSettings, devMailboxEnabled, readConfig, requireDeliveryProviders } from '../../app/config.ts';

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

  it('opens the development mailbox only when asked for, and never in production', () => {
    expect(devMailboxEnabled(readConfig({}))).toBe(false);
    expect(devMailboxEnabled(readConfig({ PARCOURS_DEV_MAILBOX: 'false' }))).toBe(false);
    expect(devMailboxEnabled(readConfig({ PARCOURS_DEV_MAILBOX: 'true' }))).toBe(true);
    const production = { NODE_ENV: 'production', RESEND_API_KEY: 're_key', BREVO_API_KEY: 'brevo_key' };
    expect(devMailboxEnabled(readConfig({ ...production, PARCOURS_DEV_MAILBOX: 'true' }))).toBe(false);
  });

  it('refuses production without e-mail or SMS provider, in French: codes could not be delivered', () => {
    const withoutEmail = readConfig({ NODE_ENV: 'production', BREVO_API_KEY: 'brevo_key' });
    expect(() => requireDeliveryProviders(withoutEmail)).toThrow(
      /Configuration invalide :\n {2}RESEND_API_KEY : requis en production \(NODE_ENV=production\)\. Sans fournisseur d’e-mail, les codes de connexion, les liens de réinitialisation et les invitations ne pourraient pas être remis\./,
    );
    // The worker's channels: no development mailbox standing in for a missing provider.
    expect(() => channelSettings(withoutEmail)).toThrow(/RESEND_API_KEY : requis en production/);
    const withoutSms = readConfig({ NODE_ENV: 'production', RESEND_API_KEY: 're_key' });
    expect(() => channelSettings(withoutSms)).toThrow(/BREVO_API_KEY : requis en production/);
    const both = readConfig({ NODE_ENV: 'production', RESEND_API_KEY: 're_key', BREVO_API_KEY: 'brevo_key' });
    expect(() => requireDeliveryProviders(both)).not.toThrow();
    expect(Object.keys(channelSettings(both)).sort()).toEqual(['brevo', 'resend']);
    // Outside production the development mailbox still stands in for the missing providers.
    expect(channelSettings(readConfig({}))).toEqual({});
  });
});
