import { z } from 'zod';
import grid2020 from './screening-grid-2020.json' with { type: 'json' };

/**
 * The TND screening grid for children under 7 and the orientation rule. The grid is data (one
 * versioned JSON file per booklet edition); the rule only suggests: the physician decides.
 */
export const screeningDomains = ['gross_motor', 'fine_motor', 'language', 'socialisation', 'cognition'] as const;
export type ScreeningDomain = (typeof screeningDomains)[number];

const itemSchema = z.object({ id: z.string(), text: z.string() });
const gridSchema = z.object({
  version: z.string(),
  title: z.string(),
  source: z.string(),
  domains: z.record(z.enum(screeningDomains), z.string()),
  generalSigns: z.array(itemSchema.extend({ kind: z.enum(['regression', 'concern', 'atypical']) })),
  defaultRule: z.object({
    minDomains: z.number().int().min(1),
    regressionSuggests: z.boolean(),
    atypicalCountsAsDomain: z.boolean(),
    explanation: z.string(),
  }),
  brackets: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      fromMonths: z.number().int().min(0),
      toMonths: z.number().int(),
      items: z.partialRecord(z.enum(screeningDomains), z.array(itemSchema)),
    }),
  ),
});

export type ScreeningGrid = z.infer<typeof gridSchema>;
export type ScreeningBracket = ScreeningGrid['brackets'][number];
export type OrientationRule = ScreeningGrid['defaultRule'];

/** Every grid edition the platform knows, newest first; a screening records the version it used. */
export const screeningGrids: readonly ScreeningGrid[] = [gridSchema.parse(grid2020)];
export const currentScreeningGrid = screeningGrids[0] as ScreeningGrid;

export function screeningGrid(version: string): ScreeningGrid | undefined {
  return screeningGrids.find((grid) => grid.version === version);
}

/** The age bracket for a child of `ageMonths` completed months; undefined from 7 years on. */
export function bracketFor(grid: ScreeningGrid, ageMonths: number): ScreeningBracket | undefined {
  return grid.brackets.find((bracket) => ageMonths >= bracket.fromMonths && ageMonths <= bracket.toMonths);
}

export interface ScreeningAnswers {
  /** Ids of the bracket's warning signs the physician observed. */
  checkedItems: string[];
  /** Ids of the age-independent signs observed. */
  generalSigns: string[];
}

export interface ScreeningEvaluation {
  gridVersion: string;
  bracketId: string;
  /** What the physician ticked, kept so the platform sees the signs and not only the verdict. */
  checkedItems: string[];
  generalSigns: string[];
  domainsWithSigns: ScreeningDomain[];
  regression: boolean;
  parentalConcern: boolean;
  atypicalBehaviour: boolean;
  suggestsOrientation: boolean;
  /** Why the rule suggests (or not), in French, for the physician. */
  reasons: string[];
  /**
   * What the physician's form says of support the child already has (absent on orientations made
   * before the form kept it): not a bar, but what the platform's doctor weighs before validating.
   */
  existingSupport?: ExistingSupport;
}

export interface ExistingSupport {
  /** Rights already open at the MDPH (a CDAPH decision). */
  mdphRights: boolean;
  /** Already supported by a medico-social establishment or service (CAMSP, SESSAD…). */
  esmsSupport: boolean;
}

export type ScreeningRefusal = {
  ok: false;
  code: 'pco.unknown_screening_item' | 'pco.no_age_bracket';
  unknownItems?: string[];
};

export function evaluateScreening(
  grid: ScreeningGrid,
  ageMonths: number,
  answers: ScreeningAnswers,
  rule: OrientationRule = grid.defaultRule,
): { ok: true; evaluation: ScreeningEvaluation } | ScreeningRefusal {
  const bracket = bracketFor(grid, ageMonths);
  if (!bracket) return { ok: false, code: 'pco.no_age_bracket' };
  const domainOf = new Map<string, ScreeningDomain>();
  for (const domain of screeningDomains) for (const item of bracket.items[domain] ?? []) domainOf.set(item.id, domain);
  const generalKinds = new Map(grid.generalSigns.map((sign) => [sign.id, sign.kind]));
  const unknownItems = [
    ...answers.checkedItems.filter((id) => !domainOf.has(id)),
    ...answers.generalSigns.filter((id) => !generalKinds.has(id)),
  ];
  if (unknownItems.length > 0) return { ok: false, code: 'pco.unknown_screening_item', unknownItems };

  const domainsWithSigns = screeningDomains.filter((domain) =>
    answers.checkedItems.some((id) => domainOf.get(id) === domain),
  );
  const kinds = new Set(answers.generalSigns.map((id) => generalKinds.get(id)));
  const regression = kinds.has('regression');
  const atypicalBehaviour = kinds.has('atypical');
  const countedDomains = domainsWithSigns.length + (atypicalBehaviour && rule.atypicalCountsAsDomain ? 1 : 0);
  const reasons: string[] = [];
  if (regression && rule.regressionSuggests) reasons.push('Régression ou absence de progression des acquisitions.');
  if (countedDomains >= rule.minDomains) {
    reasons.push(`Signes d’alerte dans ${countedDomains} domaines (seuil : ${rule.minDomains}).`);
  }
  const suggestsOrientation = reasons.length > 0;
  if (!suggestsOrientation) {
    reasons.push(
      countedDomains === 0
        ? 'Aucun signe d’alerte relevé pour cet âge.'
        : `Signes d’alerte dans ${countedDomains} domaine(s), sous le seuil de ${rule.minDomains} : surveillance et nouvel examen conseillés.`,
    );
  }
  return {
    ok: true,
    evaluation: {
      gridVersion: grid.version,
      bracketId: bracket.id,
      checkedItems: answers.checkedItems,
      generalSigns: answers.generalSigns,
      domainsWithSigns,
      regression,
      parentalConcern: kinds.has('concern'),
      atypicalBehaviour,
      suggestsOrientation,
      reasons,
    },
  };
}
