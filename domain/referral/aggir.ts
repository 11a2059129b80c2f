import { z } from 'zod';

/**
 * The national AGGIR grid and the official GIR algorithm (CASF annexes 2-1 and 2-2, see DOMAIN.md §4).
 * Pure: codes in, GIR out. The GIR is always computed from the grid, never typed in.
 */

export const aggirCodes = ['A', 'B', 'C'] as const;
export type AggirCode = (typeof aggirCodes)[number];

export const aggirCodeLabels: Record<AggirCode, string> = {
  A: 'A — fait seul, spontanément, totalement, habituellement et correctement',
  B: 'B — fait partiellement, ou non habituellement, ou non correctement',
  C: 'C — ne fait pas',
};

export const aggirCodeSchema = z.enum(aggirCodes, {
  error: (issue) =>
    issue.input === undefined ? 'Cotation obligatoire (A, B ou C).' : 'Cotation attendue : A, B ou C.',
});

// ── Variables ────────────────────────────────────────────────────────────────────────────────────

/** The 10 discriminant variables, in the official order: the weight vectors below follow it. */
export const discriminantVariables = [
  'coherence',
  'orientation',
  'washing',
  'dressing',
  'feeding',
  'elimination',
  'transfers',
  'indoorMobility',
  'outdoorMobility',
  'remoteCommunication',
] as const;
export type DiscriminantVariable = (typeof discriminantVariables)[number];

export const discriminantVariableLabels: Record<DiscriminantVariable, string> = {
  coherence: 'Cohérence',
  orientation: 'Orientation',
  washing: 'Toilette',
  dressing: 'Habillage',
  feeding: 'Alimentation',
  elimination: 'Élimination',
  transfers: 'Transferts',
  indoorMobility: 'Déplacement à l’intérieur',
  outdoorMobility: 'Déplacement à l’extérieur',
  remoteCommunication: 'Communication à distance',
};

/** The 7 illustrative variables: assessed for the care plan, they never enter the GIR. */
export const illustrativeVariables = [
  'management',
  'cooking',
  'housework',
  'transport',
  'shopping',
  'treatmentFollowUp',
  'leisure',
] as const;
export type IllustrativeVariable = (typeof illustrativeVariables)[number];

export const illustrativeVariableLabels: Record<IllustrativeVariable, string> = {
  management: 'Gestion (affaires, budget, biens)',
  cooking: 'Cuisine',
  housework: 'Ménage',
  transport: 'Transports',
  shopping: 'Achats',
  treatmentFollowUp: 'Suivi du traitement',
  leisure: 'Activités de temps libre',
};

/** Sub-variables of the 2008 filling guide (décret n° 2008-821), each coded on its own. */
export const subVariables = {
  coherence: ['communication', 'behaviour'],
  orientation: ['time', 'space'],
  washing: ['upper', 'lower'],
  dressing: ['upper', 'middle', 'lower'],
  feeding: ['serving', 'eating'],
  elimination: ['urinary', 'faecal'],
} as const satisfies Partial<Record<DiscriminantVariable, readonly string[]>>;
export type CompositeVariable = keyof typeof subVariables;

export const subVariableLabels: { [V in CompositeVariable]: Record<(typeof subVariables)[V][number], string> } = {
  coherence: { communication: 'Communication', behaviour: 'Comportement' },
  orientation: { time: 'Dans le temps', space: 'Dans l’espace' },
  washing: { upper: 'Toilette du haut', lower: 'Toilette du bas' },
  dressing: { upper: 'Habillage du haut', middle: 'Habillage moyen', lower: 'Habillage du bas' },
  feeding: { serving: 'Se servir', eating: 'Manger' },
  elimination: { urinary: 'Élimination urinaire', faecal: 'Élimination fécale' },
};

// ── Coding ───────────────────────────────────────────────────────────────────────────────────────

/** The four adverbs of the guide: does the person do it Spontaneously, Totally, Correctly, Habitually? */
export interface AggirAdverbs {
  spontaneously: boolean;
  totally: boolean;
  correctly: boolean;
  habitually: boolean;
}

export const aggirAdverbLabels: Record<keyof AggirAdverbs, string> = {
  spontaneously: 'Spontanément',
  totally: 'Totalement',
  correctly: 'Correctement',
  habitually: 'Habituellement',
};

/** All four yes → A, all four no → C, one to three no → B. */
export function codeFromAdverbs(adverbs: AggirAdverbs): AggirCode {
  const answers = [adverbs.spontaneously, adverbs.totally, adverbs.correctly, adverbs.habitually];
  if (answers.every(Boolean)) return 'A';
  if (answers.every((answer) => !answer)) return 'C';
  return 'B';
}

// ── Sub-variable combination (DOMAIN.md §4.1) ────────────────────────────────────────────────────

export function combineWashing(codes: { upper: AggirCode; lower: AggirCode }): AggirCode {
  return allAre([codes.upper, codes.lower], 'A') ? 'A' : allAre([codes.upper, codes.lower], 'C') ? 'C' : 'B';
}

export function combineDressing(codes: { upper: AggirCode; middle: AggirCode; lower: AggirCode }): AggirCode {
  const all = [codes.upper, codes.middle, codes.lower];
  return allAre(all, 'A') ? 'A' : allAre(all, 'C') ? 'C' : 'B';
}

/** CC, BC and CB give C; AC and CA give B (someone who can eat but not serve themselves is only partly dependent). */
export function combineFeeding(codes: { serving: AggirCode; eating: AggirCode }): AggirCode {
  const { serving, eating } = codes;
  if (serving === 'A' && eating === 'A') return 'A';
  if (serving !== 'A' && eating !== 'A' && (serving === 'C' || eating === 'C')) return 'C';
  return 'B';
}

/** Any C gives C (CC, AC, CA, BC, CB). */
export function combineElimination(codes: { urinary: AggirCode; faecal: AggirCode }): AggirCode {
  return anyCRule([codes.urinary, codes.faecal]);
}

/**
 * AA → A, any C → C, else B.
 * TO VERIFY against the annex 2-1 guide (fac-similé, not in the Legifrance text): taken from one
 * open-source implementation only (DOMAIN.md §4.1 and §9 question 3).
 */
export function combineCoherence(codes: { communication: AggirCode; behaviour: AggirCode }): AggirCode {
  return anyCRule([codes.communication, codes.behaviour]);
}

/** Same rule as cohérence, and the same doubt: to verify against the annex 2-1 guide. */
export function combineOrientation(codes: { time: AggirCode; space: AggirCode }): AggirCode {
  return anyCRule([codes.time, codes.space]);
}

function allAre(codes: readonly AggirCode[], code: AggirCode): boolean {
  return codes.every((candidate) => candidate === code);
}

function anyCRule(codes: readonly AggirCode[]): AggirCode {
  if (allAre(codes, 'A')) return 'A';
  return codes.includes('C') ? 'C' : 'B';
}

// ── Grid schemas ─────────────────────────────────────────────────────────────────────────────────

const section = <Shape extends z.core.$ZodLooseShape>(shape: Shape) =>
  z.object(shape, { error: 'Cotations attendues pour chaque sous-variable.' });

const coherenceSchema = section({ communication: aggirCodeSchema, behaviour: aggirCodeSchema });
const orientationSchema = section({ time: aggirCodeSchema, space: aggirCodeSchema });
const washingSchema = section({ upper: aggirCodeSchema, lower: aggirCodeSchema });
const dressingSchema = section({ upper: aggirCodeSchema, middle: aggirCodeSchema, lower: aggirCodeSchema });
const feedingSchema = section({ serving: aggirCodeSchema, eating: aggirCodeSchema });
const eliminationSchema = section({ urinary: aggirCodeSchema, faecal: aggirCodeSchema });

const illustrativeSchema = z.object(
  {
    management: aggirCodeSchema.optional(),
    cooking: aggirCodeSchema.optional(),
    housework: aggirCodeSchema.optional(),
    transport: aggirCodeSchema.optional(),
    shopping: aggirCodeSchema.optional(),
    treatmentFollowUp: aggirCodeSchema.optional(),
    leisure: aggirCodeSchema.optional(),
  },
  { error: 'Variables illustratives : objet de cotations attendu.' },
);

/** A complete grid: every discriminant (sub-)variable coded; illustrative variables optional. */
export const aggirGridSchema = z.object(
  {
    discriminant: z.object(
      {
        coherence: coherenceSchema,
        orientation: orientationSchema,
        washing: washingSchema,
        dressing: dressingSchema,
        feeding: feedingSchema,
        elimination: eliminationSchema,
        transfers: aggirCodeSchema,
        indoorMobility: aggirCodeSchema,
        outdoorMobility: aggirCodeSchema,
        remoteCommunication: aggirCodeSchema,
      },
      { error: 'Les variables discriminantes doivent toutes être cotées.' },
    ),
    illustrative: illustrativeSchema.optional(),
  },
  { error: 'Grille AGGIR attendue.' },
);
export type AggirGrid = z.infer<typeof aggirGridSchema>;

/** A grid being filled in: anything may be missing, but what is there is a valid code. */
export const draftAggirGridSchema = z.object(
  {
    discriminant: z
      .object(
        {
          coherence: coherenceSchema.partial().optional(),
          orientation: orientationSchema.partial().optional(),
          washing: washingSchema.partial().optional(),
          dressing: dressingSchema.partial().optional(),
          feeding: feedingSchema.partial().optional(),
          elimination: eliminationSchema.partial().optional(),
          transfers: aggirCodeSchema.optional(),
          indoorMobility: aggirCodeSchema.optional(),
          outdoorMobility: aggirCodeSchema.optional(),
          remoteCommunication: aggirCodeSchema.optional(),
        },
        { error: 'Variables discriminantes : objet de cotations attendu.' },
      )
      .optional(),
    illustrative: illustrativeSchema.optional(),
  },
  { error: 'Grille AGGIR attendue.' },
);
export type DraftAggirGrid = z.infer<typeof draftAggirGridSchema>;

// ── GIR algorithm (CASF annexe 2-2, DOMAIN.md §4.2) ─────────────────────────────────────────────

/** One code per discriminant variable, after sub-variable combination. */
export type DiscriminantCodes = Readonly<Record<DiscriminantVariable, AggirCode>>;

export const girGroups = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
export type GirGroup = (typeof girGroups)[number];
export type GirRank = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13;
export type Gir = 1 | 2 | 3 | 4 | 5 | 6;

type Weights = readonly [number, number, number, number, number, number, number, number, number, number];

interface GroupTable {
  ifC: Weights;
  ifB: Weights;
  /** Highest threshold first; the first one reached gives the rank. */
  thresholds: readonly { min: number; rank: GirRank }[];
}

// Copied line by line from the annex, in the official variable order (coherence … remote communication).
const groupTables: Record<GirGroup, GroupTable> = {
  A: {
    ifC: [2000, 1200, 40, 40, 60, 100, 800, 200, 0, 0],
    ifB: [0, 0, 16, 16, 20, 16, 120, 32, 0, 0],
    thresholds: [
      { min: 4380, rank: 1 },
      { min: 4140, rank: 2 },
      { min: 3390, rank: 3 },
    ],
  },
  B: {
    ifC: [1500, 1200, 40, 40, 60, 100, 800, -80, 0, 0],
    ifB: [320, 120, 16, 16, 0, 16, 120, -40, 0, 0],
    thresholds: [{ min: 2016, rank: 4 }],
  },
  C: {
    ifC: [0, 0, 40, 40, 60, 160, 1000, 400, 0, 0],
    ifB: [0, 0, 16, 16, 20, 20, 200, 40, 0, 0],
    thresholds: [
      { min: 1700, rank: 5 },
      { min: 1432, rank: 6 },
    ],
  },
  D: {
    ifC: [0, 0, 0, 0, 2000, 400, 2000, 200, 0, 0],
    ifB: [0, 0, 0, 0, 200, 200, 200, 0, 0, 0],
    thresholds: [{ min: 2400, rank: 7 }],
  },
  E: {
    ifC: [400, 400, 400, 400, 400, 800, 800, 200, 0, 0],
    ifB: [0, 0, 100, 100, 100, 100, 100, 0, 0, 0],
    thresholds: [{ min: 1200, rank: 8 }],
  },
  F: {
    ifC: [200, 200, 500, 500, 500, 500, 500, 200, 0, 0],
    ifB: [100, 100, 100, 100, 100, 100, 100, 0, 0, 0],
    thresholds: [{ min: 800, rank: 9 }],
  },
  G: {
    ifC: [150, 150, 300, 300, 500, 500, 400, 200, 0, 0],
    ifB: [0, 0, 200, 200, 200, 200, 200, 100, 0, 0],
    thresholds: [{ min: 650, rank: 10 }],
  },
  H: {
    ifC: [0, 0, 3000, 3000, 3000, 3000, 1000, 1000, 0, 0],
    ifB: [0, 0, 2000, 2000, 2000, 2000, 2000, 1000, 0, 0],
    // "else 13": every score reaches the last rank, so the evaluation always stops in group H.
    thresholds: [
      { min: 4000, rank: 11 },
      { min: 2000, rank: 12 },
      { min: Number.NEGATIVE_INFINITY, rank: 13 },
    ],
  },
};

/** Score of one group: its C weight for each variable coded C, its B weight for each coded B, 0 for A. */
export function groupScore(group: GirGroup, codes: DiscriminantCodes): number {
  const table = groupTables[group];
  return discriminantVariables.reduce((sum, variable, index) => {
    const code = codes[variable];
    const weight = code === 'C' ? table.ifC[index] : code === 'B' ? table.ifB[index] : 0;
    return sum + (weight ?? 0);
  }, 0);
}

/** The rank a group's score reaches, or undefined when it is below every threshold (go to the next group). */
export function rankFromGroupScore(group: GirGroup, score: number): GirRank | undefined {
  return groupTables[group].thresholds.find((threshold) => score >= threshold.min)?.rank;
}

export function girFromRank(rank: GirRank): Gir {
  if (rank === 1) return 1;
  if (rank <= 7) return 2;
  if (rank <= 9) return 3;
  if (rank <= 11) return 4;
  if (rank === 12) return 5;
  return 6;
}

export interface GirResult {
  gir: Gir;
  rank: GirRank;
  /** The group whose threshold stopped the evaluation. */
  group: GirGroup;
  /** Scores of the groups evaluated, in order, up to and including the stopping group. */
  scores: Partial<Record<GirGroup, number>>;
}

/** Groups A to H in order; the first group whose score reaches one of its thresholds gives the rank. */
export function computeGir(codes: DiscriminantCodes): GirResult {
  const scores: Partial<Record<GirGroup, number>> = {};
  for (const group of girGroups) {
    const score = groupScore(group, codes);
    scores[group] = score;
    const rank = rankFromGroupScore(group, score);
    if (rank !== undefined) return { gir: girFromRank(rank), rank, group, scores };
  }
  throw new Error('unreachable: group H always yields a rank');
}

/** Combines the sub-variables of a complete grid into the 10 discriminant codes. */
export function discriminantCodesFromGrid(grid: AggirGrid): DiscriminantCodes {
  const variables = grid.discriminant;
  return {
    coherence: combineCoherence(variables.coherence),
    orientation: combineOrientation(variables.orientation),
    washing: combineWashing(variables.washing),
    dressing: combineDressing(variables.dressing),
    feeding: combineFeeding(variables.feeding),
    elimination: combineElimination(variables.elimination),
    transfers: variables.transfers,
    indoorMobility: variables.indoorMobility,
    outdoorMobility: variables.outdoorMobility,
    remoteCommunication: variables.remoteCommunication,
  };
}

export function computeGirFromGrid(grid: AggirGrid): GirResult & { codes: DiscriminantCodes } {
  const codes = discriminantCodesFromGrid(grid);
  return { ...computeGir(codes), codes };
}

// ── Display ──────────────────────────────────────────────────────────────────────────────────────

export const girValues = [1, 2, 3, 4, 5, 6] as const satisfies readonly Gir[];

export const girMeanings: Record<Gir, string> = {
  1: 'Personne confinée au lit ou au fauteuil, dont les fonctions mentales sont gravement altérées, qui a besoin de la présence continue d’intervenants ; ou personne en fin de vie.',
  2: 'Personne confinée au lit ou au fauteuil dont les fonctions mentales ne sont pas totalement altérées et qui a besoin d’aide pour la plupart des actes de la vie courante ; ou personne dont les fonctions mentales sont altérées mais qui se déplace et a besoin d’une surveillance permanente.',
  3: 'Personne qui a gardé son autonomie mentale et en partie son autonomie pour se déplacer, mais qui a besoin chaque jour et plusieurs fois par jour d’une aide pour les soins corporels.',
  4: 'Personne qui a besoin d’aide pour se lever et se coucher mais se déplace seule à l’intérieur une fois levée, et qui a besoin d’aide pour la toilette et l’habillage ; ou personne qui se déplace seule mais a besoin d’aide pour les soins corporels et les repas.',
  5: 'Personne qui a seulement besoin d’une aide ponctuelle pour la toilette, la préparation des repas et le ménage.',
  6: 'Personne encore autonome pour les actes essentiels de la vie courante.',
};
