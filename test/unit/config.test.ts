import { describe, expect, it } from 'vitest';
import { createBound } from '../../app/command-bound.ts';
import {
  channelSettings,
  devMailboxEnabled,
  maxCommandsInFlight,
  readConfig,
  requireDeliveryProviders,
  stickyCacheSize,
  workflowHeapMegabytes,
} from '../../app/config.ts';

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

  it('sizes the worker’s sticky cache for the machine unless told, the first name of the variable still read', () => {
    const gib = 1024 ** 3;
    expect(stickyCacheSize(readConfig({}), 24 * gib)).toBe(500);
    expect(stickyCacheSize(readConfig({}), 2 * gib)).toBe(500);
    expect(stickyCacheSize(readConfig({}), 0.5 * gib)).toBe(256);
    expect(stickyCacheSize(readConfig({}), 0.125 * gib)).toBe(100);
    expect(stickyCacheSize(readConfig({ PARCOURS_WORKER_STICKY_CACHE_SIZE: '50' }), 24 * gib)).toBe(50);
    expect(stickyCacheSize(readConfig({ PARCOURS_WORKER_CACHED_WORKFLOWS: '70' }), 24 * gib)).toBe(70);
    const both = { PARCOURS_WORKER_STICKY_CACHE_SIZE: '50', PARCOURS_WORKER_CACHED_WORKFLOWS: '70' };
    expect(stickyCacheSize(readConfig(both), 24 * gib)).toBe(50);
  });

  it('bounds the workflow threads’ heap only when told (0: V8’s own bound)', () => {
    expect(workflowHeapMegabytes(readConfig({}))).toBeUndefined();
    expect(workflowHeapMegabytes(readConfig({ PARCOURS_WORKER_WORKFLOW_HEAP_MB: '256' }))).toBe(256);
    expect(workflowHeapMegabytes(readConfig({ PARCOURS_WORKER_WORKFLOW_HEAP_MB: '0' }))).toBeUndefined();
    expect(() => readConfig({ PARCOURS_WORKER_WORKFLOW_HEAP_MB: 'beaucoup' })).toThrow();
  });

  it('bounds a server’s commands in flight at five per core unless told', () => {
    expect(maxCommandsInFlight(readConfig({}), 2)).toBe(10);
    expect(maxCommandsInFlight(readConfig({}), 8)).toBe(40);
    expect(maxCommandsInFlight(readConfig({ PARCOURS_MAX_COMMANDS_IN_FLIGHT: '3' }), 8)).toBe(3);
    expect(() => readConfig({ PARCOURS_MAX_COMMANDS_IN_FLIGHT: '0' })).toThrow(/Configuration invalide/);
  });

  it('lets the commands beyond the bound wait their turn, in order, a failed one giving its turn back', async () => {
    const bound = createBound(2);
    const order: string[] = [];
    const gates = new Map<string, () => void>();
    const call = (name: string) =>
      bound.run(
        () =>
          new Promise<string>((resolveCall, rejectCall) => {
            order.push(name);
            gates.set(name, () => (name === 'b' ? rejectCall(new Error(name)) : resolveCall(name)));
          }),
      );
    const calls = ['a', 'b', 'c', 'd'].map((name) => call(name));
    await Promise.resolve();
    expect(order).toEqual(['a', 'b']);
    expect(bound.inFlight()).toBe(2);
    gates.get('b')?.();
    await expect(calls[1]).rejects.toThrow('b');
    expect(order).toEqual(['a', 'b', 'c']);
    gates.get('a')?.();
    await expect(calls[0]).resolves.toBe('a');
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    gates.get('c')?.();
    gates.get('d')?.();
    await Promise.all(calls.slice(2));
    expect(bound.inFlight()).toBe(0);
  });
});
