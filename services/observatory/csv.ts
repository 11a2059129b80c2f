import { stringify } from 'csv-stringify/sync';
import { facilityKinds } from '../../domain/directory/facility-kinds.ts';
import { refusalReasons } from '../../domain/referral/refusal-reasons.ts';
import { type ObservatoryFigures, type ObservatoryRow, rate } from './facility-figures.ts';
import type { PcoFigures, PcoRow } from './pco-figures.ts';

/** A number as a French spreadsheet reads it: decimal comma, empty when there is nothing to measure. */
function decimal(value: number | null, digits = 1): string {
  return value === null ? '' : value.toFixed(digits).replace('.', ',');
}

/** A text a spreadsheet would take for a formula (`=`, `+`, `-`, `@`) is kept as text. */
function text(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const percent = (count: number, received: number) => {
  const share = rate(count, received);
  return decimal(share === null ? null : share * 100);
};
const days = (hours: number | null) => decimal(hours === null ? null : hours / 24);

export const observatoryCsvHeaders = [
  'Type d’établissement',
  'Établissement',
  'Département',
  'Demandes reçues',
  'Taux de réponse (%)',
  'Délai médian de première réponse (jours)',
  'Délai de première réponse, 90e centile (jours)',
  'Taux d’accord (%)',
  'Taux de refus (%)',
  'Motifs de refus',
  'Taux de mise en liste d’attente (%)',
  'Délai médian de l’envoi à l’admission (jours)',
  'Demandes en attente de réponse',
  'Demandes en retard',
];

function line(row: ObservatoryRow): string[] {
  const reasons = Object.entries(row.refusalReasons)
    .map(([reason, count]) => `${refusalReasons[reason as keyof typeof refusalReasons] ?? reason} : ${count}`)
    .join(' / ');
  return [
    facilityKinds[row.kind].label,
    text(row.facility?.name ?? 'Tous les établissements de ce type'),
    row.facility?.departement ?? '',
    String(row.received),
    percent(row.answered, row.received),
    days(row.medianAnswerHours),
    days(row.p90AnswerHours),
    percent(row.accepted, row.received),
    percent(row.refused, row.received),
    reasons,
    percent(row.waitlisted, row.received),
    days(row.medianAdmissionHours),
    String(row.waiting),
    String(row.stalled),
  ];
}

export const pcoCsvHeaders = [
  'Orientations PCO TND',
  'Département',
  'Orientations',
  'Validées',
  'Refusées',
  'Parcours clos',
  'En retard',
  'Validations échues',
  'Validées dans les 15 jours',
  'Validation dans les 15 jours (%)',
  'Premiers bilans échus',
  'Premier bilan dans les 3 mois',
  'Premier bilan dans les 3 mois (%)',
  'Synthèses échues',
  'Synthèse dans les 6 mois',
  'Synthèse dans les 6 mois (%)',
];

function pcoLine(row: PcoRow): string[] {
  return [
    'PCO TND',
    row.departement ?? 'Tout le territoire',
    String(row.orientations),
    String(row.validated),
    String(row.refused),
    String(row.closed),
    String(row.stalled),
    String(row.validation.due),
    String(row.validation.withinDelay),
    percent(row.validation.withinDelay, row.validation.due),
    String(row.firstAssessment.due),
    String(row.firstAssessment.withinDelay),
    percent(row.firstAssessment.withinDelay, row.firstAssessment.due),
    String(row.synthesis.due),
    String(row.synthesis.withinDelay),
    percent(row.synthesis.withinDelay, row.synthesis.due),
  ];
}

/**
 * The observatory as a spreadsheet opens it: UTF-8 with a byte-order mark, `;` between fields,
 * one line per facility kind then one per facility; then, for a territory, after an empty line,
 * the PCO TND section with its own header: the territory's line then one per département.
 * Counts and rates only: no case, no person.
 */
export function observatoryCsv(figures: ObservatoryFigures, pco?: PcoFigures): string {
  const options = { header: true, delimiter: ';', record_delimiter: 'windows' } as const;
  const body = stringify([...figures.kinds.map(line), ...figures.facilities.map(line)], {
    ...options,
    columns: observatoryCsvHeaders,
  });
  if (!pco) return `\uFEFF${body}`;
  const pcoBody = stringify([pco.total, ...pco.departements].map(pcoLine), { ...options, columns: pcoCsvHeaders });
  return `\uFEFF${body}\r\n${pcoBody}`;
}
