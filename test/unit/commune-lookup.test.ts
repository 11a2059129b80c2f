import { describe, expect, it } from 'vitest';
import {
  type CommuneInput,
  type CommuneRow,
  communeLabel,
  communesOfPostcode,
  lookUpCommune,
  readCommuneInput,
  resolveCommune,
} from '../../domain/directory/commune-lookup.ts';
import { communeKey } from '../../domain/directory/search-text.ts';

// Rows as in the shipped geo/communes.csv and geo/arrondissements_plm.csv.
const row = (insee: string, name: string, postcodes: string[], isArrondissement = false): CommuneRow => ({
  insee,
  name,
  postcodes,
  isArrondissement,
});
const lyon = row('69123', 'Lyon', ['69001', '69002', '69003', '69004', '69005', '69006', '69007', '69008', '69009']);
const lyon3 = row('69383', 'Lyon 3e Arrondissement', ['69003'], true);
const albigny = row('69003', 'Albigny-sur-Saône', ['69250']);
const montanay = row('69284', 'Montanay', ['69250']);
const neuville = row('69143', 'Neuville-sur-Saône', ['69250']);
const villeurbanne = row('69266', 'Villeurbanne', ['69100']);
const irigny = row('69100', 'Irigny', ['69540']);
const paris = row('75056', 'Paris', ['75001', '75002', '75016', '75116']);
const paris2 = row('75102', 'Paris 2e Arrondissement', ['75002'], true);
const paris16 = row('75116', 'Paris 16e Arrondissement', ['75016', '75116'], true);
const ajaccio = row('2A004', 'Ajaccio', ['20000', '20090']);
const all = [lyon, lyon3, albigny, montanay, neuville, villeurbanne, irigny, paris, paris2, paris16, ajaccio];

/** The communes a query fetches for an input: by code (INSEE or postcode), by name prefix. */
function fetchedFor(input: CommuneInput) {
  const code = input.kind === 'empty' ? undefined : input.code;
  const key = input.kind === 'name' ? input.key : '';
  return {
    byCode: code ? all.filter((commune) => commune.insee === code || commune.postcodes.includes(code)) : [],
    byName: key.length >= 2 ? all.filter((commune) => communeKey(commune.name).startsWith(key)) : [],
  };
}

function resolve(typed: string, picked?: string) {
  const input = readCommuneInput(typed);
  return resolveCommune(lookUpCommune(input, fetchedFor(input)), picked);
}

const resolvedInsee = (typed: string, picked?: string) => {
  const outcome = resolve(typed, picked);
  return outcome.status === 'resolved' ? outcome.commune.insee : outcome.status;
};

describe('reading what was typed in a commune field', () => {
  it('reads five digits as a postcode, and an INSEE code only when written as such', () => {
    expect(readCommuneInput(' 69003 ')).toEqual({ kind: 'postcode', code: '69003' });
    expect(readCommuneInput('INSEE 69003')).toEqual({ kind: 'insee', code: '69003' });
    expect(readCommuneInput('code INSEE : 69003')).toEqual({ kind: 'insee', code: '69003' });
    expect(readCommuneInput('insee:69003')).toEqual({ kind: 'insee', code: '69003' });
    // A Corsican code has a letter: it cannot be a postcode.
    expect(readCommuneInput('2a004')).toEqual({ kind: 'insee', code: '2A004' });
    expect(readCommuneInput('')).toEqual({ kind: 'empty' });
  });

  it('keeps the code typed beside a name, before or after it or in parentheses', () => {
    expect(readCommuneInput('Lyon 3e Arrondissement (69383)')).toMatchObject({
      kind: 'name',
      key: 'lyon 3e arrondissement',
      code: '69383',
    });
    expect(readCommuneInput('69250 Montanay')).toMatchObject({ kind: 'name', key: 'montanay', code: '69250' });
    expect(readCommuneInput('Montanay 69250')).toMatchObject({ kind: 'name', key: 'montanay', code: '69250' });
    expect(readCommuneInput('st genis')).toEqual({ kind: 'name', text: 'st genis', key: 'saint genis' });
  });
});

describe('the commune an entry designates', () => {
  it('takes a postcode for a postcode, the arrondissement rather than its city', () => {
    expect(resolvedInsee('69003')).toBe('69383');
    expect(resolvedInsee('69100')).toBe('69266');
    expect(resolvedInsee('75016')).toBe('75116');
    expect(resolvedInsee('75116')).toBe('75116');
    expect(communesOfPostcode('75002', all)).toEqual([paris2]);
    const outcome = resolve('69003');
    expect(outcome).toMatchObject({ status: 'resolved', by: 'postcode' });
  });

  it('asks which commune when a postcode is shared, in name order, and takes the one picked', () => {
    const outcome = resolve('69250');
    expect(outcome).toEqual({
      status: 'ask',
      candidates: [albigny, montanay, neuville],
      question: 'Plusieurs communes ont le code postal 69250 : laquelle ?',
    });
    expect(resolve('69250', '69284')).toEqual({
      status: 'resolved',
      commune: montanay,
      by: 'postcode',
      choice: { candidates: [albigny, montanay, neuville], question: expect.stringContaining('69250') },
    });
    // A code picked for another entry is not taken: the person is asked again.
    expect(resolvedInsee('69250', '69266')).toBe('ask');
  });

  it('asks to confirm five digits that are no postcode but an INSEE code, and takes an explicit INSEE code', () => {
    expect(resolve('69123')).toEqual({
      status: 'ask',
      candidates: [lyon],
      question: 'Aucune commune n’a le code postal 69123, mais c’est le code INSEE de Lyon : est-ce elle ?',
    });
    expect(resolvedInsee('69123', '69123')).toBe('69123');
    expect(resolvedInsee('INSEE 69003')).toBe('69003');
    expect(resolvedInsee('insee 69100')).toBe('69100');
    expect(resolvedInsee('2A004')).toBe('2A004');
    expect(resolve('INSEE 69999')).toEqual({ status: 'unknown', message: 'Aucune commune n’a le code INSEE 69999.' });
    expect(resolve('99999')).toEqual({
      status: 'unknown',
      message: 'Aucune commune n’a le code postal 99999 : vérifiez-le, ou indiquez le nom de la commune.',
    });
  });

  it('finds a commune by name: the exact one, or the only one, else asks', () => {
    expect(resolvedInsee('Lyon')).toBe('69123');
    expect(resolvedInsee('villeur')).toBe('69266');
    expect(resolve('paris')).toMatchObject({ status: 'resolved', by: 'name' });
    expect(resolve('Paris ')).toMatchObject({ status: 'resolved', commune: paris });
    const lyonAndArrondissement = resolve('lyo');
    expect(lyonAndArrondissement).toMatchObject({
      status: 'ask',
      question: 'Plusieurs communes correspondent : laquelle ?',
    });
    expect(resolve('Nulle-part')).toEqual({
      status: 'unknown',
      message: 'Aucune commune ne correspond à « Nulle-part » : vérifiez l’orthographe ou indiquez le code postal.',
    });
    expect(resolve('   ')).toEqual({ status: 'empty' });
  });

  it('reads a resolved commune written back in the field as that commune again', () => {
    for (const commune of [albigny, lyon3, montanay, irigny, paris16, ajaccio]) {
      expect(resolvedInsee(communeLabel(commune))).toBe(commune.insee);
    }
    expect(communeLabel(albigny)).toBe('Albigny-sur-Saône (69003)');
  });

  it('takes a name with its postcode, and asks when they disagree', () => {
    expect(resolvedInsee('69250 Montanay')).toBe('69284');
    expect(resolvedInsee('Paris 75016')).toBe('75116');
    expect(resolvedInsee('Lyon (69003)')).toBe('69383');
    const disagreeing = resolve('Villeurbanne 69250');
    expect(disagreeing).toMatchObject({
      status: 'ask',
      question: '« Villeurbanne 69250 » : le nom et le code 69250 ne désignent pas la même commune. Laquelle ?',
    });
    expect(disagreeing.status === 'ask' && disagreeing.candidates.map((commune) => commune.insee)).toEqual([
      '69266',
      '69003',
      '69284',
      '69143',
    ]);
  });
});
