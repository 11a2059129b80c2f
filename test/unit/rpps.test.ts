import { describe, expect, it } from 'vitest';
import { demoUsers } from '../../db/seed-data.ts';
import { isValidRpps, looksLikeRpps, rppsCheckDigit } from '../../domain/identity/rpps.ts';

describe('RPPS numbers', () => {
  it('accepts 11 digits whose Luhn check holds, such as the demo physicians’ numbers', () => {
    expect(isValidRpps('10000012343')).toBe(true);
    expect(isValidRpps(' 10000056787 ')).toBe(true);
    for (const user of demoUsers) if (user.rpps) expect(isValidRpps(user.rpps)).toBe(true);
  });

  it('refuses a wrong check digit, a swapped pair, a wrong length or other characters', () => {
    expect(isValidRpps('10000012344')).toBe(false);
    expect(isValidRpps('10000021343')).toBe(false);
    expect(isValidRpps('1000001234')).toBe(false);
    expect(isValidRpps('100000123430')).toBe(false);
    expect(isValidRpps('1000001234A')).toBe(false);
    expect(isValidRpps('')).toBe(false);
  });

  it('computes the check digit of ten leading digits', () => {
    expect(rppsCheckDigit('1000001234')).toBe('3');
    expect(rppsCheckDigit('1000005678')).toBe('7');
    for (const ten of ['0000000000', '8100012345', '9999999999']) {
      expect(isValidRpps(`${ten}${rppsCheckDigit(ten)}`)).toBe(true);
    }
  });

  it('tells an RPPS identifier from an e-mail address', () => {
    expect(looksLikeRpps('10000012343')).toBe(true);
    expect(looksLikeRpps('claire.martin@demo.parcours.local')).toBe(false);
  });
});
