import { type FacilityKind, type Pathway, pathwayOf } from '../../domain/directory/facility-kinds.ts';
import {
  aggirCodes,
  type CompositeVariable,
  discriminantVariables,
  illustrativeVariables,
  subVariables,
} from '../../domain/referral/aggir.ts';
import {
  addressSchema,
  clinicalPartSchema,
  contactPersonSchema,
  type DraftDossier,
  type DraftDossierInput,
  dossierSchemaVersion,
  financialAidsSchema,
  legalProtectionSchema,
  type MissingDossierPart,
  migrateDossier,
} from '../../domain/referral/dossier.ts';
import type { FieldErrors, SubmittedForm } from './form-data.ts';

/**
 * The dossier as an HTML form: every field is named `dossier.<path>` after its place in the
 * dossier, so the schemas' error paths land on the right field without any mapping.
 */
export const dossierPrefix = 'dossier.';

/** Field values by dossier path (`administrative.address.street`), as typed or as stored. */
export type DossierValues = Record<string, string>;

/** The form field name of a dossier path. */
export function dossierField(path: string): string {
  return `${dossierPrefix}${path}`;
}

/** An HTML id for a dossier path: dots are awkward in CSS selectors and fragment links. */
export function dossierFieldId(path: string): string {
  return `dossier-${path.replaceAll('.', '-')}`;
}

/** Variables coded sub-variable by sub-variable (cohérence, toilette…). */
export function isComposite(variable: string): variable is CompositeVariable {
  return Object.hasOwn(subVariables, variable);
}

/** Paths of the discriminant AGGIR codes, sub-variable by sub-variable, in the grid's order. */
export const aggirDiscriminantPaths: readonly string[] = discriminantVariables.flatMap((variable) =>
  isComposite(variable)
    ? subVariables[variable].map((sub) => `autonomy.aggir.discriminant.${variable}.${sub}`)
    : [`autonomy.aggir.discriminant.${variable}`],
);
export const aggirIllustrativePaths: readonly string[] = illustrativeVariables.map(
  (variable) => `autonomy.aggir.illustrative.${variable}`,
);

const administrativePaths = [
  'administrative.identity.birthName',
  'administrative.address.street',
  'administrative.address.postcode',
  'administrative.address.commune',
  'administrative.address.departement',
  'administrative.contactPerson.name',
  'administrative.contactPerson.relationship',
  'administrative.contactPerson.phone',
  'administrative.contactPerson.email',
  'administrative.legalProtection.measure',
  'administrative.legalProtection.protectorName',
  'administrative.desiredEntryDate',
];
const financialAidPaths = [
  'administrative.financialAids.apa',
  'administrative.financialAids.accommodationSocialAid',
  'administrative.financialAids.housingAid',
];
/** The medical texts, labelled as the list of missing parts names them. */
export const medicalTextLabels = {
  'medical.history': 'Antécédents médicaux et chirurgicaux',
  'medical.currentProblems': 'Problèmes de santé actuels',
  'medical.treatments': 'Traitements en cours',
  'medical.careNeeds': 'Soins et besoins de prise en charge',
  'medical.cognitiveBehaviouralIssues': 'Troubles cognitifs ou du comportement',
} as const;
const medicalTextPaths = Object.keys(medicalTextLabels);
const clinicalPaths = [
  'medical.clinical.clinicalReason',
  'medical.clinical.expectedCare',
  'medical.clinical.urgency',
  'medical.clinical.expectedLengthOfStayDays',
];
const numberPaths: ReadonlySet<string> = new Set(['medical.clinical.expectedLengthOfStayDays']);

/** Every field the form shows for a pathway; nothing else is read from a submitted form. */
export function dossierPaths(pathway: Pathway): string[] {
  return pathway === 'grand_age'
    ? [
        ...administrativePaths,
        ...financialAidPaths,
        ...aggirDiscriminantPaths,
        ...aggirIllustrativePaths,
        ...medicalTextPaths,
      ]
    : [...administrativePaths, ...medicalTextPaths, ...clinicalPaths];
}

/** What was typed, by dossier path, kept to give the form back unchanged. */
export function readDossierValues(form: SubmittedForm, kind: FacilityKind): DossierValues {
  const values: DossierValues = {};
  for (const path of dossierPaths(pathwayOf(kind))) values[path] = form.text(dossierField(path));
  return values;
}

/**
 * The draft dossier a form describes: empty fields are left out (a draft accepts any subset),
 * whole numbers become numbers; anything else is left as typed for the schema to judge.
 */
export function dossierFromValues(values: DossierValues): DraftDossierInput {
  const dossier: Record<string, unknown> = { schemaVersion: dossierSchemaVersion };
  for (const [path, raw] of Object.entries(values)) {
    const value = raw.trim();
    if (value === '') continue;
    if (
      path === 'administrative.legalProtection.protectorName' &&
      values['administrative.legalProtection.measure'] === 'none'
    ) {
      continue;
    }
    setAt(dossier, path, numberPaths.has(path) && /^\d{1,6}$/.test(value) ? Number(value) : value);
  }
  return dossier as DraftDossierInput;
}

/** A stored dossier as form values, to prefill the form. */
export function valuesFromDossier(dossier: unknown, kind: FacilityKind): DossierValues {
  const values: DossierValues = {};
  // A stored dossier of an older shape (the grid in the medical part) fills today's fields.
  const current = typeof dossier === 'object' && dossier !== null ? migrateDossier(dossier as DraftDossier) : dossier;
  for (const path of dossierPaths(pathwayOf(kind))) {
    const value = valueAt(current, path);
    values[path] = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  }
  return values;
}

// Paths come from the fixed list above only, never from the submitted names.
function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next === 'object' && next !== null) node = next as Record<string, unknown>;
    else {
      const created: Record<string, unknown> = {};
      node[key] = created;
      node = created;
    }
  }
  node[keys.at(-1) ?? ''] = value;
}

export function valueAt(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (current, key) => (typeof current === 'object' && current !== null ? Reflect.get(current, key) : undefined),
      value,
    );
}

const requiredForSending = 'Obligatoire pour envoyer la demande.';

/** Sections checked field by field, so that the page can point at each field still missing. */
const sectionSchemas: Record<string, { safeParse: (value: unknown) => { error?: { issues: FieldIssue[] } } }> = {
  'administrative.address': addressSchema,
  'administrative.contactPerson': contactPersonSchema,
  'administrative.legalProtection': legalProtectionSchema,
  'administrative.financialAids': financialAidsSchema,
  'medical.clinical': clinicalPartSchema,
};
interface FieldIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * After a refusal for an incomplete dossier: a message next to each field that blocks sending.
 * An empty field reads "obligatoire"; a filled one keeps the schema's reason.
 */
export function missingFieldErrors(values: DossierValues, missingParts: readonly MissingDossierPart[]): FieldErrors {
  const errors: FieldErrors = {};
  const dossier = dossierFromValues(values);
  for (const part of missingParts) {
    if (part.path === 'autonomy.aggir' || part.path === 'medical.aggir') {
      for (const path of aggirDiscriminantPaths) {
        if (!aggirCodes.some((code) => code === values[path])) {
          errors[dossierField(path)] = 'Cotation obligatoire (A, B ou C) pour envoyer la demande.';
        }
      }
      continue;
    }
    const schema = sectionSchemas[part.path];
    if (!schema) {
      errors[dossierField(part.path)] ??= requiredForSending;
      continue;
    }
    for (const issue of schema.safeParse(valueAt(dossier, part.path) ?? {}).error?.issues ?? []) {
      const path = [part.path, ...issue.path.filter((key) => typeof key === 'string')].join('.');
      const typed = (values[path] ?? '').trim();
      errors[dossierField(path)] ??= typed === '' ? requiredForSending : issue.message;
    }
  }
  return errors;
}

/** The anchor of the form section holding a dossier part, for links from the list of missing parts. */
export function partAnchor(path: string): string {
  return `partie-${path.replaceAll('.', '-')}`;
}

/**
 * Whether two dossiers say the same thing, identity aside (it is the case's, added by the platform):
 * saving an unchanged form must not make a new version and notify every facility.
 */
export function sameDossierContent(a: unknown, b: unknown): boolean {
  return canonical(withoutIdentity(a)) === canonical(withoutIdentity(b));
}

function withoutIdentity(dossier: unknown): unknown {
  if (typeof dossier !== 'object' || dossier === null) return dossier;
  const { administrative, ...rest } = dossier as { administrative?: Record<string, unknown> };
  if (!administrative) return rest;
  const { identity, ...others } = administrative;
  const birthName = (identity as { birthName?: unknown } | undefined)?.birthName;
  return { ...rest, administrative: { ...others, ...(birthName !== undefined ? { identity: { birthName } } : {}) } };
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
