import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/identity/users.ts';
import {
  type ObservatoryAccess,
  observatoryAccess,
  observedDepartements,
} from '../../domain/referral/observatory-access.ts';
import { observatoryCsv } from '../../services/observatory/csv.ts';
import type { ObservatoryRow } from '../../services/observatory/facility-figures.ts';
import { BarChart } from '../../web/components/bar-chart.tsx';
import { formatDelay, formatShare } from '../../web/pages/observatory.tsx';
import { parseObservatoryFilters } from '../../web/routes/observatory-filters.ts';

const actor = (overrides: Partial<Actor>): Actor => ({
  id: 'u',
  role: 'physician',
  displayName: 'X',
  facilityIds: [],
  facilityRoles: {},
  pcoRoles: {},
  territories: [],
  ...overrides,
});

describe('who reads the observatory', () => {
  it('gives administrators everything, coordinators their territory, facility managers their facilities', () => {
    expect(observatoryAccess(actor({ role: 'admin' }))).toEqual({ kind: 'all' });
    expect(observatoryAccess(actor({ role: 'coordinator', territories: ['69', '01'] }))).toEqual({
      kind: 'territory',
      departements: ['69', '01'],
    });
    expect(
      observatoryAccess(
        actor({ role: 'facility_member', facilityIds: ['a', 'b'], facilityRoles: { a: 'manager', b: 'staff' } }),
      ),
    ).toEqual({ kind: 'facilities', facilityIds: ['a'] });
  });

  it('refuses everybody else, and a coordinator without a territory', () => {
    expect(observatoryAccess(actor({ role: 'physician' }))).toBeUndefined();
    expect(observatoryAccess(actor({ role: 'pco_member' }))).toBeUndefined();
    expect(observatoryAccess(actor({ role: 'coordinator' }))).toBeUndefined();
    expect(
      observatoryAccess(actor({ role: 'facility_member', facilityIds: ['a'], facilityRoles: { a: 'doctor' } })),
    ).toBeUndefined();
  });

  it('keeps the départements asked for within a coordinator’s territory', () => {
    const territory: ObservatoryAccess = { kind: 'territory', departements: ['69', '01'] };
    expect(observedDepartements(territory, ['69'])).toEqual(['69']);
    expect(observedDepartements(territory, ['33'])).toEqual(['69', '01']);
    expect(observedDepartements(territory, ['33', '01'])).toEqual(['01']);
    expect(observedDepartements({ kind: 'all' }, [])).toBeUndefined();
    expect(observedDepartements({ kind: 'all' }, ['33', '33'])).toEqual(['33']);
  });
});

describe('the observatory filters', () => {
  const today = '2026-12-02';
  it('defaults to the twelve months up to today, Paris days', () => {
    expect(parseObservatoryFilters({ departement: [] }, today)).toEqual({
      ok: true,
      filters: { departements: [], from: '2025-12-03', to: '2026-12-02', kind: undefined },
    });
  });

  it('reads repeated and comma-separated départements, a period and a kind', () => {
    expect(
      parseObservatoryFilters(
        { departement: ['69, 2a', '33'], du: '2026-01-01', au: '2026-06-30', type: 'smr' },
        today,
      ),
    ).toEqual({
      ok: true,
      filters: { departements: ['69', '2A', '33'], from: '2026-01-01', to: '2026-06-30', kind: 'smr' },
    });
  });

  it('says in French what is wrong', () => {
    expect(parseObservatoryFilters({ departement: ['Rhône'] }, today)).toMatchObject({ ok: false });
    expect(parseObservatoryFilters({ departement: [], du: '2026-02-30' }, today)).toEqual({
      ok: false,
      error: 'Indiquez des dates valides.',
    });
    expect(parseObservatoryFilters({ departement: [], du: '2026-06-01', au: '2026-05-01' }, today)).toEqual({
      ok: false,
      error: 'La date de début doit précéder la date de fin.',
    });
    expect(parseObservatoryFilters({ departement: [], type: 'hotel' }, today)).toMatchObject({ ok: false });
  });
});

const row = (overrides: Partial<ObservatoryRow>): ObservatoryRow => ({
  kind: 'ehpad',
  received: 4,
  answered: 3,
  accepted: 1,
  refused: 2,
  waitlisted: 0,
  admitted: 1,
  waiting: 1,
  stalled: 0,
  medianAnswerHours: 60,
  p90AnswerHours: 120,
  medianAdmissionHours: null,
  refusalReasons: { no_place: 2 },
  ...overrides,
});

describe('the observatory CSV', () => {
  it('starts with a BOM, French headers, `;`, decimal commas; a kind line then a facility line', () => {
    const csv = observatoryCsv({
      kinds: [row({})],
      facilities: [row({ facility: { id: 'f', name: 'EHPAD A; B', departement: '69' } })],
    });
    expect(csv.startsWith('\uFEFFType d’établissement;Établissement;Département;Demandes reçues;')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe(
      'EHPAD;Tous les établissements de ce type;;4;75,0;2,5;5,0;25,0;50,0;Pas de place disponible dans un délai compatible : 2;0,0;;1;0',
    );
    // A name holding the separator is quoted, as spreadsheets expect.
    expect(lines[2]?.startsWith('EHPAD;"EHPAD A; B";69;4;')).toBe(true);
    expect(lines[3]).toBe('');
    // A name a spreadsheet would run as a formula stays text.
    const formula = observatoryCsv({
      kinds: [],
      facilities: [row({ facility: { id: 'f', name: '=HYPERLINK("x")', departement: '69' } })],
    });
    expect(formula.split('\r\n')[1]?.startsWith(`EHPAD;"'=HYPERLINK(""x"")";69;`)).toBe(true);
  });
});

describe('the observatory’s figures as read', () => {
  it('writes shares and delays in French', () => {
    expect(formatShare(1, 3)).toBe('33 %');
    expect(formatShare(0, 0)).toBe('—');
    expect(formatDelay(25.4)).toBe('25 h');
    expect(formatDelay(121)).toBe('5,0 j');
    expect(formatDelay(null)).toBe('—');
  });

  it('draws a chart that names every value in its title and text alternative', () => {
    const svg = String(
      BarChart({
        id: 'g',
        title: 'Taux de réponse',
        bars: [
          { label: 'EHPAD', share: 0.5, text: '50 %' },
          { label: 'SMR', share: 1.5, text: '100 %' },
        ],
      }),
    );
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="g-titre g-desc"');
    expect(svg).toContain('<title id="g-titre">Taux de réponse</title>');
    expect(svg).toContain('<desc id="g-desc">EHPAD : 50 % ; SMR : 100 %</desc>');
    // A share above one is drawn as a full bar, never past the plot.
    expect(svg).toContain('width="320.0"');
    expect(svg).toContain('width="160.0"');
  });
});
