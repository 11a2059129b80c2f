import {
  type CalendarDay,
  completedMonths,
  daysBetween,
  formatFrenchDay,
  parisDay,
  shiftDayByMonths,
} from '../calendar/days.ts';
import type { FacilityKind } from './facility-kinds.ts';

/**
 * What a month in an EHPAD costs a person, as far as the directory knows: the daily accommodation
 * price × the days of the month, plus the dependence tariff of GIR 5-6 × the same days — the
 * « ticket modérateur » every resident pays whatever their GIR, the APA in establishment paying the
 * rest of the dependence tariff for GIR 1 to 4. Care is paid by the Assurance maladie (the facility's
 * forfait soins). Nothing the directory cannot know is subtracted (housing aid, aide sociale, tax
 * reduction): the aids are named instead. A missing price is said, never guessed; a price's date
 * (or the period it may come from) is always said, and one older than a year is flagged.
 *
 * Amounts are whole cents (a daily price has two decimals), so every product and sum is exact.
 * The month is a Paris calendar month (domain/calendar).
 */

/** Where the facility's prices come from. */
export type PriceOrigin =
  /** The facility declared them on its page (Paris day of the declaration). */
  | { kind: 'declared'; on: CalendarDay }
  /** The FINESS file shipped with Parcours (`source_file`), matched by FINESS number at import. */
  | { kind: 'shipped'; file: string | null }
  /** Invented for the demonstration. */
  | { kind: 'demo' }
  /** No price at all, or prices whose origin is not recorded. */
  | { kind: 'unknown' };

export interface MonthlyCostInput {
  /** Any Paris day of the month to estimate (usually today). */
  month: CalendarDay;
  /** Today in Paris, to say how old a declared price is. */
  today: CalendarDay;
  /** Accommodation (hébergement permanent, chambre seule), € per day; null when unknown. */
  accommodationPerDay: number | null;
  /** Dependence tariff GIR 5-6, € per day; null when unknown. */
  dependenceGir56PerDay: number | null;
  origin: PriceOrigin;
}

export type CostTermCode = 'hebergement' | 'dependance_gir_5_6';

export interface CostTerm {
  code: CostTermCode;
  label: string;
  /** Cents per day, or null when the price is not known. */
  perDayCents: number | null;
  days: number;
  /** perDayCents × days, or null. */
  amountCents: number | null;
  /** In plain French: what the term is, and the computation when it is known. */
  explanation: string;
}

export interface PriceDating {
  /** The Paris day of the price when it is known exactly. */
  on: CalendarDay | null;
  /** The sentence that says where the price comes from and how old it is. */
  label: string;
  /** Older than a year, or possibly so (a shipped price of unknown exact date). */
  old: boolean;
}

export interface CostAid {
  code: 'aide_sociale_hebergement' | 'apl_als' | 'reduction_impot';
  label: string;
  explanation: string;
}

export interface MonthlyCostEstimate {
  /** `YYYY-MM`. */
  month: string;
  /** « décembre 2026 ». */
  monthLabel: string;
  days: number;
  /**
   * `complete`: both prices known; `partial`: accommodation known, dependence tariff missing
   * (the total is a lower bound); `unavailable`: no accommodation price, no total.
   */
  status: 'complete' | 'partial' | 'unavailable';
  /** Sum of the known terms (a lower bound when partial); null when unavailable. */
  totalCents: number | null;
  /** One sentence: the total and what it counts, or why there is none. */
  summary: string;
  terms: CostTerm[];
  dating: PriceDating;
  /** Missing and old prices, each said once. */
  warnings: string[];
  /** What is not in the estimate and why (care, APA above GIR 5-6, options). */
  notes: string[];
  aids: CostAid[];
}

/** A price declared more than this many months ago is flagged as old. */
export const oldPriceMonths = 12;

/**
 * The shipped files whose prices the import keeps, and the period their prices come from
 * (`../shared/data/facilities/SOURCE.md`): the exact date of each row's price is not in the file.
 */
export const shippedPriceVintages: Record<string, { label: string; earliest: CalendarDay }> = {
  'finess_fr_ehpad.csv': {
    label: 'prix publiés par la CNSA, déclarés entre 2022 et janvier 2026 selon l’établissement',
    earliest: '2022-01-01',
  },
};

const monthNames = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/** Cents as people in France read them: `3 312,40 €` (the separators Intl writes for fr-FR). */
export function formatCents(cents: number): string {
  return euros.format(cents / 100);
}

/** A daily price in € (two decimals at most) as whole cents, or null. */
export function toCents(perDay: number | null): number | null {
  if (perDay === null || !Number.isFinite(perDay) || perDay <= 0) return null;
  return Math.round(perDay * 100);
}

/** The Paris calendar month of a day: its first day, its number of days, its French name. */
export function calendarMonth(day: CalendarDay): { month: string; first: CalendarDay; days: number; label: string } {
  const first = `${day.slice(0, 7)}-01`;
  const days = daysBetween(first, shiftDayByMonths(first, 1));
  const label = `${monthNames[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;
  return { month: day.slice(0, 7), first, days, label };
}

export function priceDating(origin: PriceOrigin, today: CalendarDay): PriceDating {
  switch (origin.kind) {
    case 'declared': {
      const old = completedMonths(origin.on, today) >= oldPriceMonths;
      return {
        on: origin.on,
        label: `Prix déclarés par l’établissement le ${formatFrenchDay(origin.on)}${old ? ', il y a plus d’un an' : ''}.`,
        old,
      };
    }
    case 'shipped': {
      const vintage = origin.file ? shippedPriceVintages[origin.file] : undefined;
      if (!vintage) {
        return {
          on: null,
          label: 'Prix repris du répertoire FINESS importé, à une date qui n’est pas connue.',
          old: true,
        };
      }
      return {
        on: null,
        label: `Prix repris du fichier livré avec Parcours (${vintage.label}) : la date exacte de ce prix n’est pas connue.`,
        old: completedMonths(vintage.earliest, today) >= oldPriceMonths,
      };
    }
    case 'demo':
      return { on: null, label: 'Prix inventés pour la démonstration.', old: false };
    case 'unknown':
      return { on: null, label: 'Origine des prix non connue.', old: true };
  }
}

export const costAids: CostAid[] = [
  {
    code: 'aide_sociale_hebergement',
    label: 'Aide sociale à l’hébergement (ASH)',
    explanation:
      'Le département peut payer la part de l’hébergement que les revenus de la personne ne couvrent pas, ' +
      'dans une place habilitée à l’aide sociale. Ses enfants peuvent être appelés à participer (obligation ' +
      'alimentaire) et l’aide peut être récupérée sur la succession. La demande se fait auprès du CCAS ou de la mairie.',
  },
  {
    code: 'apl_als',
    label: 'Aide au logement (APL ou ALS)',
    explanation:
      'Selon les ressources, la CAF ou la MSA verse l’aide personnalisée au logement (APL) si l’établissement est ' +
      'conventionné, sinon l’allocation de logement sociale (ALS). Elle réduit le coût de l’hébergement.',
  },
  {
    code: 'reduction_impot',
    label: 'Réduction d’impôt pour frais d’hébergement et de dépendance',
    explanation:
      'Souvent appelée crédit d’impôt, c’est une réduction de l’impôt sur le revenu : 25\u00a0% des frais de ' +
      'dépendance et d’hébergement, dans la limite de 10\u00a0000\u00a0€ de dépenses par an et par personne hébergée ' +
      '(article 199 quindecies du code général des impôts). Elle ne profite qu’à une personne imposable.',
  },
];

const notes = [
  'Les soins sont payés par l’Assurance maladie (forfait soins versé à l’établissement) : rien à payer à ce titre.',
  'Pour une personne en GIR 1 à 4, l’allocation personnalisée d’autonomie (APA) en établissement paie le tarif ' +
    'dépendance au-delà du tarif GIR 5-6. Au-delà d’un certain niveau de revenus, le département demande une ' +
    'participation plus élevée : elle n’est pas comptée ici.',
  'Les prestations facultatives (coiffeur, entretien du linge personnel, téléphone…) ne sont pas comptées.',
];

function term(code: CostTermCode, perDayCents: number | null, days: number): CostTerm {
  const amountCents = perDayCents === null ? null : perDayCents * days;
  const computation =
    perDayCents === null || amountCents === null
      ? null
      : `${formatCents(perDayCents)} par jour × ${days} jours = ${formatCents(amountCents)}.`;
  if (code === 'hebergement') {
    return {
      code,
      label: 'Hébergement',
      perDayCents,
      days,
      amountCents,
      explanation:
        'Le prix de journée d’hébergement permanent en chambre seule : le logement, les repas, l’entretien et ' +
        `l’animation. ${computation ?? 'L’établissement n’a pas de prix d’hébergement connu.'}`,
    };
  }
  return {
    code,
    label: 'Dépendance (tarif GIR 5-6)',
    perDayCents,
    days,
    amountCents,
    explanation:
      'La part de l’aide à l’autonomie (toilette, habillage, repas…) que la personne paie elle-même quel que soit son ' +
      `GIR, le « ticket modérateur » : l’APA paie le reste pour les GIR 1 à 4. ${computation ?? 'L’établissement n’a pas déclaré son tarif dépendance GIR 5-6.'}`,
  };
}

export function estimateMonthlyCost(input: MonthlyCostInput): MonthlyCostEstimate {
  const month = calendarMonth(input.month);
  const accommodation = term('hebergement', toCents(input.accommodationPerDay), month.days);
  const dependence = term('dependance_gir_5_6', toCents(input.dependenceGir56PerDay), month.days);
  const known = accommodation.amountCents !== null || dependence.amountCents !== null;
  const dating = priceDating(input.origin, input.today);
  const status =
    accommodation.amountCents === null ? 'unavailable' : dependence.amountCents === null ? 'partial' : 'complete';
  const totalCents =
    accommodation.amountCents === null ? null : accommodation.amountCents + (dependence.amountCents ?? 0);

  const warnings: string[] = [];
  if (accommodation.amountCents === null) {
    warnings.push('Prix d’hébergement non connu : pas d’estimation possible, demandez-le à l’établissement.');
  }
  if (dependence.amountCents === null) {
    warnings.push(
      'Tarif dépendance GIR 5-6 non connu : il s’ajoute chaque jour (souvent quelques euros), demandez-le à l’établissement.',
    );
  }
  if (known && dating.old) {
    warnings.push(
      dating.on ? 'Prix déclarés il y a plus d’un an : ils ont pu changer.' : 'Ces prix peuvent être anciens.',
    );
  }

  const period = `${month.days} jours ${/^[aeiou]/.test(month.label) ? 'd’' : 'de '}${month.label}`;
  const summary =
    totalCents === null
      ? `Pas d’estimation pour ${month.label} : le prix d’hébergement n’est pas connu.`
      : status === 'partial'
        ? `Au moins ${formatCents(totalCents)} pour ${period} : hébergement seul, le tarif dépendance GIR 5-6 n’étant pas connu.`
        : `Environ ${formatCents(totalCents)} pour ${period} : hébergement et tarif dépendance GIR 5-6.`;

  return {
    month: month.month,
    monthLabel: month.label,
    days: month.days,
    status,
    totalCents,
    summary,
    terms: [accommodation, dependence],
    dating,
    warnings,
    notes,
    aids: costAids,
  };
}

/** The kinds whose residents pay accommodation and the GIR 5-6 tariff (APA applies there): an estimate makes sense. */
export const monthlyCostKinds: readonly FacilityKind[] = ['ehpad', 'usld'];

/** What a directory row says of its prices. */
export interface FacilityPrices {
  kind: FacilityKind;
  pricePerDay: number | null;
  dependenceGir56PerDay: number | null;
  tariffsDeclaredAt: Date | string | null;
  isDemo: boolean;
  /** `finess` (imported), `seed` or `demo`. */
  source: string;
  sourceFile: string | null;
}

export function priceOriginOf(facility: FacilityPrices): PriceOrigin {
  if (facility.tariffsDeclaredAt) return { kind: 'declared', on: parisDay(facility.tariffsDeclaredAt) };
  if (facility.isDemo) return { kind: 'demo' };
  if (facility.source === 'finess' && facility.pricePerDay !== null)
    return { kind: 'shipped', file: facility.sourceFile };
  return { kind: 'unknown' };
}

/** The estimate for the Paris month of `now`, or null for a kind where it means nothing (SMR, HAD…). */
export function facilityMonthlyCost(facility: FacilityPrices, now: Date | number): MonthlyCostEstimate | null {
  if (!monthlyCostKinds.includes(facility.kind)) return null;
  const today = parisDay(now);
  return estimateMonthlyCost({
    month: today,
    today,
    accommodationPerDay: facility.pricePerDay,
    dependenceGir56PerDay: facility.dependenceGir56PerDay,
    origin: priceOriginOf(facility),
  });
}
