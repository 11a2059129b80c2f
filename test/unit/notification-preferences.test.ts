import { describe, expect, it } from 'vitest';
import { planDeliveries, usesSms } from '../../domain/messages/preferences.ts';
import { verifiedSmsNumber } from '../../domain/phone-numbers.ts';

const email = 'dr@example.fr';
const phone = '+33612345678';

describe('which deliveries a message calls for', () => {
  it('sends by e-mail by default', () => {
    expect(planDeliveries('answer', { type: 'user', email })).toEqual([
      { channel: 'email', address: email, status: 'queued', keySuffix: '' },
    ]);
  });

  it('follows the person’s choice per category: SMS, both, only in the app', () => {
    expect(planDeliveries('answer', { type: 'user', email, verifiedPhone: phone, mode: 'sms' })).toEqual([
      { channel: 'sms', address: phone, status: 'queued', keySuffix: '' },
    ]);
    expect(planDeliveries('answer', { type: 'user', email, verifiedPhone: phone, mode: 'email_and_sms' })).toEqual([
      { channel: 'email', address: email, status: 'queued', keySuffix: '' },
      { channel: 'sms', address: phone, status: 'queued', keySuffix: '/sms' },
    ]);
    expect(planDeliveries('answer', { type: 'user', email, mode: 'in_app' })).toEqual([
      { channel: 'in_app', address: email, status: 'in_app', keySuffix: '' },
    ]);
  });

  it('falls back to e-mail when SMS is chosen without a verified number', () => {
    expect(planDeliveries('stalled', { type: 'user', email, verifiedPhone: null, mode: 'sms' })).toEqual([
      { channel: 'email', address: email, status: 'queued', keySuffix: '' },
    ]);
  });

  it('ignores preferences for security messages', () => {
    expect(planDeliveries('security', { type: 'user', email, verifiedPhone: phone, mode: 'in_app' })).toEqual([
      { channel: 'email', address: email, status: 'queued', keySuffix: '' },
    ]);
    expect(planDeliveries('security', { type: 'address', phone })).toEqual([
      { channel: 'sms', address: phone, status: 'queued', keySuffix: '' },
    ]);
  });

  it('keeps a digest facility’s routine messages for the daily digest, never its stalled cases', () => {
    const facility = { type: 'facility', email: 'admissions@ehpad.fr', dailyDigest: true } as const;
    expect(planDeliveries('new_request', facility)[0]?.status).toBe('digest');
    expect(planDeliveries('reminder', facility)[0]?.status).toBe('digest');
    expect(planDeliveries('stalled', facility)[0]?.status).toBe('queued');
    expect(planDeliveries('new_request', { ...facility, dailyDigest: false })[0]?.status).toBe('queued');
  });

  it('gives SMS only a number proved by an SMS code, and a mobile one', () => {
    const verifiedAt = new Date('2025-03-01T10:00:00Z');
    expect(verifiedSmsNumber({ phone, phoneVerifiedAt: verifiedAt })).toBe(phone);
    expect(verifiedSmsNumber({ phone, phoneVerifiedAt: null })).toBeUndefined();
    expect(verifiedSmsNumber({ phone: null, phoneVerifiedAt: verifiedAt })).toBeUndefined();
    expect(verifiedSmsNumber({ phone: '+33123456789', phoneVerifiedAt: verifiedAt })).toBeUndefined();
    expect((['email', 'sms', 'email_and_sms', 'in_app'] as const).filter(usesSms)).toEqual(['sms', 'email_and_sms']);
  });
});
