import { describe, expect, it } from 'vitest';
import { formatPhoneNumber, normalisePhoneNumber, smsNumber } from '../../domain/phone-numbers.ts';

describe('phone numbers in E.164, French first', () => {
  it.each([
    ['06 12 34 56 78', '+33612345678', true],
    ['06.12.34.56.78', '+33612345678', true],
    ['07-12-34-56-78', '+33712345678', true],
    ['01 23 45 67 89', '+33123456789', false],
    ['+33 6 12 34 56 78', '+33612345678', true],
    ['+33 (0)6 12 34 56 78', '+33612345678', true],
    ['0033612345678', '+33612345678', true],
    ['0690 12 34 56', '+590690123456', true],
    ['0590 12 34 56', '+590590123456', false],
    ['0694 12 34 56', '+594694123456', true],
    ['0696 12 34 56', '+596696123456', true],
    ['0692 12 34 56', '+262692123456', true],
    ['0639 12 34 56', '+262639123456', true],
    ['0262 12 34 56', '+262262123456', false],
    ['+262 692 12 34 56', '+262692123456', true],
    ['+32 470 12 34 56', '+32470123456', true],
    ['+1 (415) 555-2671', '+14155552671', true],
  ])('%s → %s', (input, e164, mobile) => {
    expect(normalisePhoneNumber(input)).toEqual({ ok: true, e164, mobile });
  });

  it.each([
    ['6 12 34 56 78'],
    ['06 12 34 56'],
    ['06 12 34 56 78 9'],
    ['00 12 34 56 78'],
    ['+33 6 12 34 56'],
    ['+0 123 456 789'],
    ['06 12 34 56 7a'],
    ['+33+612345678'],
    [''],
  ])('refuses %j with a French reason', (input) => {
    const check = normalisePhoneNumber(input);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(/numéro|caractères|signe/i);
  });

  it('gives a number for SMS only when it can receive them', () => {
    expect(smsNumber('06 12 34 56 78')).toBe('+33612345678');
    expect(smsNumber('01 23 45 67 89')).toBeUndefined();
    expect(smsNumber('pas un numéro')).toBeUndefined();
    expect(smsNumber(null)).toBeUndefined();
  });
});

describe('phone numbers as people read them', () => {
  it.each([
    ['+33612345678', '06 12 34 56 78'],
    ['0612345678', '06 12 34 56 78'],
    ['04.78.00.00.00', '04 78 00 00 00'],
    ['+590690123456', '06 90 12 34 56'],
    ['+44 7911 123456', '+447911123456'],
    ['pas un numéro', 'pas un numéro'],
  ])('%s reads %s', (input, shown) => {
    expect(formatPhoneNumber(input)).toBe(shown);
  });
});
