import { z } from 'zod';
import { type FacilityKind, type Pathway, pathwayOf } from '../directory/facility-kinds.ts';
import { calendarDate, freeText, isVocabularyIssue, personName } from '../vocabulary.ts';
import { aggirGridSchema, computeGirFromGrid, draftAggirGridSchema, type GirResult } from './aggir.ts';
import { patientIdentitySchema } from './patient.ts';

/**
 * The patient's dossier, in the parts of the national dossier (Cerfa 14732*03): an administrative
 * part, an autonomy part (the AGGIR grid, grand âge; its GIR is computed) read by everyone the case
 * is addressed to, and a medical part filled by a physician (texts, and the clinical part of
 * suites de soins) read by physicians only. It is filled progressively: drafts accept any subset,
 * `missingDossierParts` says what still blocks sending.
 */

/**
 * Stored with every dossier so that a later shape can migrate older ones. 1: the AGGIR grid inside
 * the medical part (`medical.aggir`); 2: in the autonomy part (`autonomy.aggir`). Older dossiers
 * are migrated on read (`migrateDossier`), never rewritten: histories and stored versions keep theirs.
 */
export const dossierSchemaVersion = 2;
export const dossierSchemaVersions = [1, 2] as const;

const required = (what: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? `${what} : champ obligatoire.` : `${what} : valeur invalide.`;

const text = (what: string, max: number) => freeText(max, what).min(1, `${what} : champ obligatoire.`);

const section = <Shape extends z.core.$ZodLooseShape>(what: string, shape: Shape) =>
  z.object(shape, { error: `${what} : informations attendues.` });

// ── Administrative part ──────────────────────────────────────────────────────────────────────────

// Identity reuses the patient's fields; the département lives in the address here.
export const dossierIdentitySchema = patientIdentitySchema.omit({ departement: true }).extend({
  birthName: patientIdentitySchema.shape.lastName.optional(),
});

export const addressSchema = section('Adresse', {
  street: text('Adresse', 200),
  postcode: z
    .string({ error: required('Code postal') })
    .trim()
    .regex(/^\d{5}$/, 'Code postal attendu : 5 chiffres.'),
  commune: text('Commune', 100),
  departement: patientIdentitySchema.shape.departement.unwrap(),
});

// Digits with optional spaces, dots or dashes: a French number (0X…) or an international one (+…).
const phoneSchema = z
  .string({ error: required('Téléphone') })
  .trim()
  .refine(
    (value) => /^(0[1-9]\d{8}|\+[1-9]\d{7,14})$/.test(value.replace(/[\s.-]/g, '')),
    'Numéro de téléphone invalide.',
  );

export const contactPersonSchema = section('Personne à contacter', {
  name: personName(200, 'Nom de la personne à contacter'),
  relationship: text('Lien avec la personne', 100),
  phone: phoneSchema,
  email: z.email({ error: 'Adresse e-mail invalide.' }).optional(),
});

// Legal terms of art with no faithful English equivalent, kept in French like the pathway keys.
export const legalProtectionMeasures = {
  none: 'Aucune',
  tutelle: 'Tutelle',
  curatelle: 'Curatelle',
  habilitation_familiale: 'Habilitation familiale',
  sauvegarde_de_justice: 'Sauvegarde de justice',
} as const;
export type LegalProtectionMeasure = keyof typeof legalProtectionMeasures;
const legalProtectionMeasureValues = Object.keys(legalProtectionMeasures) as [
  LegalProtectionMeasure,
  ...LegalProtectionMeasure[],
];

const draftLegalProtectionSchema = section('Mesure de protection juridique', {
  measure: z.enum(legalProtectionMeasureValues, {
    error:
      'Mesure de protection attendue : aucune, tutelle, curatelle, habilitation familiale ou sauvegarde de justice.',
  }),
  protectorName: personName(200, 'Nom de la personne chargée de la mesure').optional(),
}).partial();

export const legalProtectionSchema = draftLegalProtectionSchema
  .required({ measure: true })
  .refine((value) => value.measure === 'none' || value.protectorName !== undefined, {
    path: ['protectorName'],
    message: 'Nom de la personne chargée de la mesure : champ obligatoire.',
  });

export const aidStatuses = { not_requested: 'Non demandée', requested: 'Demandée', granted: 'Accordée' } as const;
export type AidStatus = keyof typeof aidStatuses;
const aidStatusSchema = (what: string) =>
  z.enum(Object.keys(aidStatuses) as [AidStatus, ...AidStatus[]], {
    error: `${what} : réponse attendue (non demandée, demandée ou accordée).`,
  });

export const financialAidLabels = {
  apa: 'Allocation personnalisée d’autonomie (APA)',
  accommodationSocialAid: 'Aide sociale à l’hébergement',
  housingAid: 'Aide au logement',
} as const;

export const financialAidsSchema = section('Aides financières', {
  apa: aidStatusSchema('APA'),
  accommodationSocialAid: aidStatusSchema('Aide sociale à l’hébergement'),
  housingAid: aidStatusSchema('Aide au logement'),
});

/** The person's family situation (administrative part of the national dossier). */
export const familySituations = {
  single: 'Célibataire',
  married: 'Marié(e)',
  civil_partnership: 'Pacsé(e)',
  cohabiting: 'En concubinage',
  separated: 'Séparé(e) ou divorcé(e)',
  widowed: 'Veuf ou veuve',
} as const;
export type FamilySituation = keyof typeof familySituations;

/** The type of stay asked for: permanent, temporary, day care (accueil de jour), night care (accueil de nuit). */
export const stayTypes = {
  permanent: 'Hébergement permanent',
  temporary: 'Hébergement temporaire',
  day_care: 'Accueil de jour',
  night_care: 'Accueil de nuit',
} as const;
export type StayType = keyof typeof stayTypes;

const familySituationSchema = z.enum(Object.keys(familySituations) as [FamilySituation, ...FamilySituation[]], {
  error: 'Situation familiale inconnue.',
});
const stayTypeSchema = z.enum(Object.keys(stayTypes) as [StayType, ...StayType[]], {
  error: 'Type de séjour attendu : permanent, temporaire, accueil de jour ou de nuit.',
});

// Storable bounds only: a draft's wished date may pass while the dossier waits, and sending must not
// depend on the day (the workflow computes what is missing).
const desiredEntryDateSchema = calendarDate;

// ── Medical part (health data) ───────────────────────────────────────────────────────────────────

export const urgencies = { routine: 'Programmée', priority: 'Prioritaire', urgent: 'Urgente' } as const;
export type Urgency = keyof typeof urgencies;

export const clinicalPartSchema = section('Volet clinique', {
  clinicalReason: text('Motif clinique de la demande', 4000),
  expectedCare: text('Soins attendus', 4000),
  urgency: z.enum(Object.keys(urgencies) as [Urgency, ...Urgency[]], {
    error: 'Degré d’urgence attendu : programmée, prioritaire ou urgente.',
  }),
  expectedLengthOfStayDays: z
    .int({ error: 'Durée de séjour prévue : nombre entier de jours attendu.' })
    .min(1, 'Durée de séjour prévue : au moins 1 jour.')
    .max(365, 'Durée de séjour prévue : 365 jours au plus.')
    .optional(),
});

const medicalTexts = {
  history: text('Antécédents', 4000),
  currentProblems: text('Problèmes de santé actuels', 4000),
  treatments: text('Traitements en cours', 4000),
  careNeeds: text('Soins et besoins de prise en charge', 4000),
  cognitiveBehaviouralIssues: text('Troubles cognitifs ou du comportement', 4000),
};

// ── Dossier ──────────────────────────────────────────────────────────────────────────────────────

/** Any subset may be present while drafting; what is present is validated. */
export const draftDossierSchema = z.object(
  {
    schemaVersion: z
      .literal(dossierSchemaVersions, { error: `Version de dossier attendue : ${dossierSchemaVersion}.` })
      .default(dossierSchemaVersion),
    administrative: section('Volet administratif', {
      identity: dossierIdentitySchema.partial().optional(),
      address: addressSchema.partial().optional(),
      contactPerson: contactPersonSchema.partial().optional(),
      legalProtection: draftLegalProtectionSchema.optional(),
      desiredEntryDate: desiredEntryDateSchema.optional(),
      financialAids: financialAidsSchema.partial().optional(),
      familySituation: familySituationSchema.optional(),
      stayType: stayTypeSchema.optional(),
    }).optional(),
    autonomy: section('Volet autonomie', {
      aggir: draftAggirGridSchema.optional(),
    }).optional(),
    medical: section('Volet médical', {
      history: medicalTexts.history.optional(),
      currentProblems: medicalTexts.currentProblems.optional(),
      treatments: medicalTexts.treatments.optional(),
      careNeeds: medicalTexts.careNeeds.optional(),
      cognitiveBehaviouralIssues: medicalTexts.cognitiveBehaviouralIssues.optional(),
      /** Shape 1 only: the grid before it had a part of its own; `migrateDossier` moves it to `autonomy.aggir`. */
      aggir: draftAggirGridSchema.optional(),
      clinical: clinicalPartSchema.partial().optional(),
    }).optional(),
  },
  { error: 'Dossier attendu.' },
);
export type DraftDossier = z.output<typeof draftDossierSchema>;
export type DraftDossierInput = z.input<typeof draftDossierSchema>;

interface Requirement {
  path: string;
  label: string;
  schema: z.ZodType;
  /** Pathways that need it before sending; absent = every pathway. */
  only?: Pathway;
}

// Section by section, in the order of the form: a section is missing until it is complete.
const requirements: readonly Requirement[] = [
  { path: 'administrative.identity', label: 'Identité de la personne', schema: dossierIdentitySchema },
  { path: 'administrative.address', label: 'Adresse', schema: addressSchema },
  { path: 'administrative.contactPerson', label: 'Personne à contacter', schema: contactPersonSchema },
  { path: 'administrative.legalProtection', label: 'Mesure de protection juridique', schema: legalProtectionSchema },
  { path: 'administrative.desiredEntryDate', label: 'Date d’entrée souhaitée', schema: desiredEntryDateSchema },
  // APA and aide sociale à l'hébergement pay for a stay in a grand âge facility; not asked for suites de soins.
  {
    path: 'administrative.financialAids',
    label: 'Aides financières (APA, aide sociale, aide au logement)',
    schema: financialAidsSchema,
    only: 'grand_age',
  },
  { path: 'autonomy.aggir', label: 'Grille AGGIR (volet autonomie)', schema: aggirGridSchema, only: 'grand_age' },
  { path: 'medical.history', label: 'Antécédents médicaux et chirurgicaux', schema: medicalTexts.history },
  { path: 'medical.currentProblems', label: 'Problèmes de santé actuels', schema: medicalTexts.currentProblems },
  { path: 'medical.treatments', label: 'Traitements en cours', schema: medicalTexts.treatments },
  { path: 'medical.careNeeds', label: 'Soins et besoins de prise en charge', schema: medicalTexts.careNeeds },
  {
    path: 'medical.cognitiveBehaviouralIssues',
    label: 'Troubles cognitifs ou du comportement',
    schema: medicalTexts.cognitiveBehaviouralIssues,
  },
  {
    path: 'medical.clinical',
    label: 'Volet clinique (suites de soins)',
    schema: clinicalPartSchema,
    only: 'suites_de_soins',
  },
];

export interface MissingDossierPart {
  path: string;
  label: string;
}

/**
 * Shape 1's list, as it was: the grid inside the medical part, listed after the medical texts. The
 * workflows compute the missing parts on replay too: a dossier recorded in a history in shape 1 gives
 * exactly what it gave then (no `patched()` needed), and the read model names the grid's path as
 * today's (`currentMissingPart`).
 */
const shapeOneRequirements: readonly Requirement[] = [
  ...requirements.filter((requirement) => requirement.path !== 'autonomy.aggir'),
  ...requirements
    .filter((requirement) => requirement.path === 'autonomy.aggir')
    .map((requirement) => ({ ...requirement, path: 'medical.aggir' })),
];

/** What still has to be filled in before a request of this kind can be sent; empty when ready. */
export function missingDossierParts(kind: FacilityKind, dossier: DraftDossier): MissingDossierPart[] {
  const pathway = pathwayOf(kind);
  const rules = dossier.schemaVersion === 1 ? shapeOneRequirements : requirements;
  const current = dossier.schemaVersion === 1 ? dossier : migrateDossier(dossier);
  return rules
    .filter((requirement) => requirement.only === undefined || requirement.only === pathway)
    .filter((requirement) => isMissing(requirement.schema, valueAt(current, requirement.path)))
    .map(({ path, label }) => ({ path, label }));
}

/** A missing part as listed today: the grid's path of shape 1 (`medical.aggir`), kept in older case rows, reads as the autonomy part's. */
export function currentMissingPart(part: MissingDossierPart): MissingDossierPart {
  return part.path === 'medical.aggir' ? { ...part, path: 'autonomy.aggir' } : part;
}

// A part is missing as it was before the vocabulary (domain/vocabulary.ts): workflows compute this
// on replay too, and a history may hold text accepted before it; the edge refuses such text anew.
function isMissing(schema: z.ZodType, value: unknown): boolean {
  const result = schema.safeParse(value);
  return !result.success && result.error.issues.some((issue) => !isVocabularyIssue(issue));
}

function valueAt(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (current, key) => (typeof current === 'object' && current !== null ? Reflect.get(current, key) : undefined),
      value,
    );
}

/** The GIR, computed from the grid once every discriminant sub-variable is coded; undefined before. */
export function computeDossierGir(dossier: DraftDossier): GirResult | undefined {
  const grid = aggirGridSchema.safeParse(migrateDossier(dossier).autonomy?.aggir);
  return grid.success ? computeGirFromGrid(grid.data) : undefined;
}

/**
 * A dossier of any stored shape in today's shape (pure, idempotent, no validation: a stored
 * version is shown as it was saved). Shape 1 kept the AGGIR grid in the medical part: it moves
 * to the autonomy part, which a grid of its own there wins over.
 */
export function migrateDossier(dossier: DraftDossier): DraftDossier {
  const medical = dossier.medical;
  if (dossier.schemaVersion === dossierSchemaVersion && medical?.aggir === undefined) return dossier;
  const { aggir: legacyGrid, ...medicalRest } = medical ?? {};
  const aggir = dossier.autonomy?.aggir ?? legacyGrid;
  const { medical: _medical, autonomy: _autonomy, ...others } = dossier;
  return {
    ...others,
    schemaVersion: dossierSchemaVersion,
    ...(aggir !== undefined || dossier.autonomy !== undefined
      ? { autonomy: { ...dossier.autonomy, ...(aggir !== undefined ? { aggir } : {}) } }
      : {}),
    ...(medical !== undefined ? { medical: medicalRest } : {}),
  };
}

/** The parts of the dossier, in the national dossier's order. */
export const dossierParts = {
  administrative: 'Volet administratif',
  autonomy: 'Volet autonomie',
  medical: 'Volet médical',
} as const;
export type DossierPart = keyof typeof dossierParts;
export const dossierPartNames = Object.keys(dossierParts) as DossierPart[];

/**
 * Top-level parts holding health data: readable only by physicians (requester, médecin coordonnateur),
 * never by facility staff without the medical role, and never put in notifications. The autonomy
 * part (AGGIR grid, GIR) is not among them: admissions read it, as in the national dossier.
 */
export const medicalPartPaths = ['medical'] as const satisfies readonly (keyof DraftDossier)[];
export type MedicalPart = (typeof medicalPartPaths)[number];

/** A copy of the dossier (migrated to today's shape) with only the parts a person may read. */
export function withReadableParts(dossier: DraftDossier, readable: readonly DossierPart[]): DraftDossier {
  const current = migrateDossier(dossier);
  const kept: ReadonlySet<string> = new Set(['schemaVersion', ...readable]);
  return Object.fromEntries(Object.entries(current).filter(([part]) => kept.has(part))) as DraftDossier;
}

/** A copy of the dossier without its health data, for people who may not read it. */
export function withoutMedicalParts(dossier: DraftDossier): Omit<DraftDossier, MedicalPart> {
  return withReadableParts(dossier, ['administrative', 'autonomy']);
}

/**
 * Each part's own version: the dossier version from which the part reads as it does in the last
 * of `versions` (oldest first, one per saved dossier version); 0 for a part never filled. A new
 * dossier version that leaves a part as it was keeps that part's version.
 */
export function partVersions(
  versions: readonly { version: number; content: DraftDossier }[],
): Record<DossierPart, number> {
  const result: Record<DossierPart, number> = { administrative: 0, autonomy: 0, medical: 0 };
  const migrated = versions.map(({ version, content }) => ({ version, content: migrateDossier(content) }));
  const last = migrated.at(-1);
  if (!last) return result;
  for (const part of dossierPartNames) {
    const wanted = canonicalJson(last.content[part]);
    if (last.content[part] === undefined) continue;
    let since = last.version;
    for (let index = migrated.length - 2; index >= 0; index--) {
      const earlier = migrated[index];
      if (!earlier || canonicalJson(earlier.content[part]) !== wanted) break;
      since = earlier.version;
    }
    result[part] = since;
  }
  return result;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
