import { describe, expect, it } from 'vitest';
import { checkFiness, finessCheckDigit, finessDepartement, isValidFiness } from '../../domain/finess-number.ts';

describe('FINESS numbers', () => {
  it('accepts real numbers of the shipped extracts (Luhn key over the nine characters)', () => {
    for (const number of ['690003777', '690001524', '010000024', '750100018', '970100012', '130008329']) {
      expect(isValidFiness(number), number).toBe(true);
    }
  });

  it('keys Corsican numbers with A = 1 and B = 2', () => {
    // Real numbers from finess_fr_hospitals_mco_2020.csv / finess_fr_ssr_usld_had_2020.csv.
    for (const number of ['2A0000030', '2A0000261', '2A0002051', '2A0002622', '2A0022554']) {
      expect(checkFiness(number), number).toEqual({ valid: true, number });
    }
    expect(finessCheckDigit('2A000003')).toBe('0');
    expect(finessCheckDigit('2B000001')).toBe(finessCheckDigit('22000001'));
    expect(isValidFiness('2a0000030')).toBe(true);
  });

  it('rejects a wrong key, a transposition, a wrong length and a lost leading zero, saying why', () => {
    expect(checkFiness('690003778')).toEqual({
      valid: false,
      reason: 'clé de contrôle du numéro FINESS « 690003778 » invalide',
    });
    expect(isValidFiness('690037777')).toBe(false);
    expect(checkFiness('10000024')).toMatchObject({ valid: false, reason: expect.stringMatching(/trop court/) });
    expect(checkFiness('6900037770')).toMatchObject({ valid: false, reason: expect.stringMatching(/mal formé/) });
    expect(checkFiness('2C0000030')).toMatchObject({ valid: false });
    expect(checkFiness('')).toEqual({ valid: false, reason: 'numéro FINESS manquant' });
  });

  it('completes eight characters with their check digit', () => {
    expect(finessCheckDigit('69000377')).toBe('7');
    expect(isValidFiness(`12345678${finessCheckDigit('12345678')}`)).toBe(true);
  });

  it('reads the département of metropolitan numbers only', () => {
    expect(finessDepartement('690003777')).toBe('69');
    expect(finessDepartement('2A0000030')).toBe('2A');
    expect(finessDepartement('970100012')).toBeUndefined();
  });
});
