import { describe, expect, it } from 'vitest';
import {
  checkFiness,
  finessCheckDigit,
  finessDepartement,
  isValidFiness,
} from '../../domain/directory/finess-number.ts';

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

  it('refuses prefixes FINESS does not use (00, 20, 96, 99), even with a valid key, saying why', () => {
    // Each has a valid Luhn key (200000008 included): only the prefix is wrong.
    for (const number of ['004462867', '960422889', '998428627', '200000008']) {
      const check = checkFiness(number);
      expect(check, number).toMatchObject({ valid: false });
      expect(check.valid ? '' : check.reason, number).toMatch(/n’est pas un début de numéro FINESS/);
    }
    expect(checkFiness('004462867')).toEqual({
      valid: false,
      reason:
        'numéro FINESS « 004462867 » : « 00 » n’est pas un début de numéro FINESS (département 01 à 95, 2A ou 2B, 97 ou 98 outre-mer)',
    });
  });

  it('accepts every prefix FINESS uses: 01–19, 2A, 2B, 21–95, 97 and 98 (Mayotte)', () => {
    expect(isValidFiness('980500011')).toBe(true);
    expect(isValidFiness('970100012')).toBe(true);
    const prefixes = [
      ...Array.from({ length: 19 }, (_, index) => String(index + 1).padStart(2, '0')),
      '2A',
      '2B',
      ...Array.from({ length: 75 }, (_, index) => String(index + 21)),
      '97',
      '98',
    ];
    for (const prefix of prefixes) {
      const firstEight = `${prefix}000001`;
      expect(isValidFiness(`${firstEight}${finessCheckDigit(firstEight)}`), prefix).toBe(true);
    }
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
