import { describe, expect, it } from 'vitest';
import type { AggirGrid } from '../../domain/referral/aggir.ts';
import {
  computeDossierGir,
  currentMissingPart,
  type DraftDossier,
  type DraftDossierInput,
  dossierSchemaVersion,
  draftDossierSchema,
  legalProtectionSchema,
  medicalPartPaths,
  migrateDossier,
  missingDossierParts,
  partVersions,
  withoutMedicalParts,
  withReadableParts,
} from '../../domain/referral/dossier.ts';

// Lucid but bedridden: codes AACCCCCCCC → rank 5, GIR 2.
const grid: AggirGrid = {
  discriminant: {
    coherence: { communication: 'A', behaviour: 'A' },
    orientation: { time: 'A', space: 'A' },
    washing: { upper: 'C', lower: 'C' },
    dressing: { upper: 'C', middle: 'C', lower: 'C' },
    feeding: { serving: 'C', eating: 'C' },
    elimination: { urinary: 'C', faecal: 'C' },
    transfers: 'C',
    indoorMobility: 'C',
    outdoorMobility: 'C',
    remoteCommunication: 'C',
  },
  illustrative: { management: 'C' },
};

const administrative = {
  identity: {
    lastName: 'Dupont',
    firstName: 'Jeanne',
    birthName: 'Martin',
    birthDate: '1938-04-12',
    sex: 'female',
  },
  address: { street: '12 rue des Lilas', postcode: '69003', commune: 'Lyon', departement: '69' },
  contactPerson: {
    name: 'Paul Dupont',
    relationship: 'Fils',
    phone: '06 12 34 56 78',
    email: 'paul.dupont@example.fr',
  },
  legalProtection: { measure: 'curatelle', protectorName: 'Association tutélaire du Rhône' },
  desiredEntryDate: '2027-01-15',
  financialAids: { apa: 'granted', accommodationSocialAid: 'not_requested', housingAid: 'requested' },
} satisfies DraftDossierInput['administrative'];

const medical = {
  history: 'Fracture du col du fémur droit (2024). HTA.',
  currentProblems: 'Perte d’autonomie après chute, dénutrition modérée.',
  treatments: 'Amlodipine 5 mg/j.',
  careNeeds: 'Soins de nursing quotidiens, kinésithérapie 3 fois par semaine.',
  cognitiveBehaviouralIssues: 'Aucun trouble cognitif.',
} satisfies DraftDossierInput['medical'];

const clinical = {
  clinicalReason: 'Rééducation après prothèse totale de hanche.',
  expectedCare: 'Kinésithérapie quotidienne, surveillance de la cicatrice.',
  urgency: 'priority',
  expectedLengthOfStayDays: 21,
} satisfies NonNullable<DraftDossierInput['medical']>['clinical'];

const parse = (input: DraftDossierInput) => draftDossierSchema.parse(input);

function messages(input: unknown): Record<string, string> {
  const result = draftDossierSchema.safeParse(input);
  if (result.success) return {};
  // First message per field (the shared date check may add a second one).
  const byPath: Record<string, string> = {};
  for (const issue of result.error.issues) byPath[issue.path.join('.')] ??= issue.message;
  return byPath;
}

describe('dossier', () => {
  it('accepts a complete grand âge dossier, which lacks nothing and yields its GIR', () => {
    const dossier = parse({ administrative, autonomy: { aggir: grid }, medical });
    expect(dossier.schemaVersion).toBe(dossierSchemaVersion);
    expect(missingDossierParts('ehpad', dossier)).toEqual([]);
    expect(missingDossierParts('usld', dossier)).toEqual([]);
    expect(computeDossierGir(dossier)).toMatchObject({ gir: 2, rank: 5, group: 'C' });
  });

  it('lists exactly the AGGIR grid when an EHPAD dossier has none, and computes no GIR', () => {
    const dossier = parse({ administrative, medical });
    expect(missingDossierParts('ehpad', dossier)).toEqual([
      { path: 'autonomy.aggir', label: 'Grille AGGIR (volet autonomie)' },
    ]);
    expect(computeDossierGir(dossier)).toBeUndefined();
  });

  it('counts a grid with one sub-variable still uncoded as missing, and computes no GIR from it', () => {
    const partial = structuredClone(grid) as { discriminant: { elimination: Record<string, unknown> } };
    delete partial.discriminant.elimination.faecal;
    const dossier = parse({ administrative, autonomy: { aggir: partial }, medical });
    expect(missingDossierParts('residence_autonomie', dossier).map((part) => part.path)).toEqual(['autonomy.aggir']);
    expect(computeDossierGir(dossier)).toBeUndefined();
  });

  it('asks suites de soins for the clinical part, not for the AGGIR grid nor the financial aids', () => {
    const { financialAids: _aids, ...withoutAids } = administrative;
    const dossier = parse({ administrative: withoutAids, medical });
    expect(missingDossierParts('smr', dossier)).toEqual([
      { path: 'medical.clinical', label: 'Volet clinique (suites de soins)' },
    ]);
    expect(
      missingDossierParts('had', parse({ administrative: withoutAids, medical: { ...medical, clinical } })),
    ).toEqual([]);
    const { expectedLengthOfStayDays: _length, ...withoutLength } = clinical;
    expect(
      missingDossierParts(
        'ssiad',
        parse({ administrative: withoutAids, medical: { ...medical, clinical: withoutLength } }),
      ),
    ).toEqual([]);
  });

  it('lists every required part of an empty draft', () => {
    const empty = parse({});
    expect(empty).toEqual({ schemaVersion: 2 });
    expect(missingDossierParts('ehpad', empty)).toEqual([
      { path: 'administrative.identity', label: 'Identité de la personne' },
      { path: 'administrative.address', label: 'Adresse' },
      { path: 'administrative.contactPerson', label: 'Personne à contacter' },
      { path: 'administrative.legalProtection', label: 'Mesure de protection juridique' },
      { path: 'administrative.desiredEntryDate', label: 'Date d’entrée souhaitée' },
      { path: 'administrative.financialAids', label: 'Aides financières (APA, aide sociale, aide au logement)' },
      { path: 'autonomy.aggir', label: 'Grille AGGIR (volet autonomie)' },
      { path: 'medical.history', label: 'Antécédents médicaux et chirurgicaux' },
      { path: 'medical.currentProblems', label: 'Problèmes de santé actuels' },
      { path: 'medical.treatments', label: 'Traitements en cours' },
      { path: 'medical.careNeeds', label: 'Soins et besoins de prise en charge' },
      { path: 'medical.cognitiveBehaviouralIssues', label: 'Troubles cognitifs ou du comportement' },
    ]);
    expect(missingDossierParts('soins_palliatifs', empty).map((part) => part.path)).toEqual([
      'administrative.identity',
      'administrative.address',
      'administrative.contactPerson',
      'administrative.legalProtection',
      'administrative.desiredEntryDate',
      'medical.history',
      'medical.currentProblems',
      'medical.treatments',
      'medical.careNeeds',
      'medical.cognitiveBehaviouralIssues',
      'medical.clinical',
    ]);
  });

  it('accepts a half-filled draft and lists the sections that are still incomplete', () => {
    const dossier = parse({
      administrative: {
        identity: { lastName: 'Dupont' },
        contactPerson: { name: 'Paul Dupont' },
        legalProtection: { measure: 'tutelle' },
      },
      autonomy: { aggir: { discriminant: { transfers: 'B' } } },
      medical: { history: 'HTA' },
    });
    expect(missingDossierParts('ehpad', dossier).map((part) => part.path)).toEqual([
      'administrative.identity',
      'administrative.address',
      'administrative.contactPerson',
      'administrative.legalProtection',
      'administrative.desiredEntryDate',
      'administrative.financialAids',
      'autonomy.aggir',
      'medical.currentProblems',
      'medical.treatments',
      'medical.careNeeds',
      'medical.cognitiveBehaviouralIssues',
    ]);
  });

  it('rejects invalid values with French messages, even in a draft', () => {
    expect(
      messages({
        schemaVersion: 3,
        administrative: {
          identity: { birthDate: '1938-02-30' },
          address: { postcode: '6900', departement: '99' },
          contactPerson: { phone: '12', email: 'paul@' },
          legalProtection: { measure: 'mandat' },
          desiredEntryDate: '15/01/2027',
          financialAids: { apa: 'yes' },
        },
        medical: {
          history: '   ',
          treatments: 'x'.repeat(4001),
          aggir: { discriminant: { coherence: { behaviour: 'D' } } },
          clinical: { urgency: 'asap', expectedLengthOfStayDays: 2.5 },
        },
      }),
    ).toEqual({
      schemaVersion: 'Version de dossier attendue : 2.',
      'administrative.identity.birthDate': 'Cette date n’existe pas.',
      'administrative.address.postcode': 'Code postal attendu : 5 chiffres.',
      'administrative.address.departement': 'Numéro de département invalide.',
      'administrative.contactPerson.phone': 'Numéro de téléphone invalide.',
      'administrative.contactPerson.email': 'Adresse e-mail invalide.',
      'administrative.legalProtection.measure':
        'Mesure de protection attendue : aucune, tutelle, curatelle, habilitation familiale ou sauvegarde de justice.',
      'administrative.desiredEntryDate': 'Date attendue au format AAAA-MM-JJ.',
      'administrative.financialAids.apa': 'APA : réponse attendue (non demandée, demandée ou accordée).',
      'medical.history': 'Antécédents : champ obligatoire.',
      'medical.treatments': 'Traitements en cours : 4000 caractères au plus.',
      'medical.aggir.discriminant.coherence.behaviour': 'Cotation attendue : A, B ou C.',
      'medical.clinical.urgency': 'Degré d’urgence attendu : programmée, prioritaire ou urgente.',
      'medical.clinical.expectedLengthOfStayDays': 'Durée de séjour prévue : nombre entier de jours attendu.',
    });
    expect(messages({ medical: 'secret' })).toEqual({ medical: 'Volet médical : informations attendues.' });
  });

  it('refuses what the vocabulary refuses, yet counts a dossier stored before it as complete as it was (replay)', () => {
    // Values the old edge let through: a workflow replaying its history must find the same missing parts.
    const typedBefore = {
      administrative: {
        ...administrative,
        identity: { ...administrative.identity, lastName: '\u202Etnopud', birthDate: '1850-03-01' },
        contactPerson: { ...administrative.contactPerson, name: '---' },
      },
      medical: { ...medical, history: 'Chute\u000B(copié de Word)', aggir: grid },
    } as DraftDossier;
    expect(missingDossierParts('ehpad', typedBefore)).toEqual([]);
    expect(messages(typedBefore)).toEqual({
      'administrative.identity.lastName': 'Caractère de contrôle du sens d’écriture (U+202E) non autorisé.',
      'administrative.identity.birthDate': 'Date hors des limites acceptées : entre le 01/01/1900 et le 31/12/2100.',
      'administrative.contactPerson.name': 'Nom de la personne à contacter : au moins une lettre attendue.',
      'medical.history': 'Antécédents : caractère de contrôle (U+000B) non autorisé.',
    });
  });

  it('requires the protector’s name for any legal protection measure but none', () => {
    expect(legalProtectionSchema.safeParse({ measure: 'none' }).success).toBe(true);
    expect(legalProtectionSchema.safeParse({ measure: 'tutelle' }).error?.issues).toEqual([
      expect.objectContaining({
        path: ['protectorName'],
        message: 'Nom de la personne chargée de la mesure : champ obligatoire.',
      }),
    ]);
    expect(
      legalProtectionSchema.safeParse({ measure: 'habilitation_familiale', protectorName: 'Marie Dupont' }).success,
    ).toBe(true);
  });

  it('names the health-data parts, so they can be stripped for people who may not read them', () => {
    expect(medicalPartPaths).toEqual(['medical']);
    const dossier = parse({ administrative, autonomy: { aggir: grid }, medical });
    const stripped = withoutMedicalParts(dossier);
    // The autonomy part (AGGIR grid) stays: admissions read it, as in the national dossier.
    expect(stripped).toEqual({ schemaVersion: 2, administrative: dossier.administrative, autonomy: { aggir: grid } });
    expect(JSON.stringify(stripped)).not.toMatch(/Amlodipine|HTA/);
    expect(withReadableParts(dossier, ['administrative'])).toEqual({
      schemaVersion: 2,
      administrative: dossier.administrative,
    });
    expect(dossier.medical?.treatments).toBe('Amlodipine 5 mg/j.');
  });

  describe('shape 1 (the grid inside the medical part), as older histories and stored versions hold it', () => {
    const shapeOne = { schemaVersion: 1, administrative, medical: { ...medical, aggir: grid } } as DraftDossier;

    it('is still accepted at the edge, and migrates to the autonomy part on read', () => {
      expect(parse(shapeOne as DraftDossierInput)).toEqual(shapeOne);
      const migrated = migrateDossier(shapeOne);
      expect(migrated).toEqual({ schemaVersion: 2, administrative, autonomy: { aggir: grid }, medical });
      expect(migrateDossier(migrated)).toBe(migrated);
      // A staff member's copy keeps the grid, never the medical texts.
      expect(withoutMedicalParts(shapeOne)).toEqual({ schemaVersion: 2, administrative, autonomy: { aggir: grid } });
    });

    it('gives on replay exactly what it gave before the autonomy part: same GIR, same missing parts and order', () => {
      expect(computeDossierGir(shapeOne)).toMatchObject({ gir: 2, rank: 5, group: 'C' });
      expect(missingDossierParts('ehpad', shapeOne)).toEqual([]);
      const { aggir: _grid, ...withoutGrid } = shapeOne.medical ?? {};
      const half = { schemaVersion: 1, administrative: { desiredEntryDate: '2027-01-15' }, medical: withoutGrid };
      expect(missingDossierParts('ehpad', half as DraftDossier).map((part) => part.path)).toEqual([
        'administrative.identity',
        'administrative.address',
        'administrative.contactPerson',
        'administrative.legalProtection',
        'administrative.financialAids',
        'medical.aggir',
      ]);
      expect(currentMissingPart({ path: 'medical.aggir', label: 'Grille AGGIR (volet autonomie)' })).toEqual({
        path: 'autonomy.aggir',
        label: 'Grille AGGIR (volet autonomie)',
      });
    });

    it('a grid of the autonomy part wins over a leftover one in the medical part', () => {
      const other = { ...grid, discriminant: { ...grid.discriminant, transfers: 'A' } } as AggirGrid;
      const both = { schemaVersion: 2, autonomy: { aggir: other }, medical: { aggir: grid } } as DraftDossier;
      expect(migrateDossier(both)).toEqual({ schemaVersion: 2, autonomy: { aggir: other }, medical: {} });
    });
  });

  it('gives each part its own version: the dossier version it last changed in', () => {
    const v1 = { schemaVersion: 1, administrative, medical: { ...medical, aggir: grid } } as DraftDossier;
    const v2 = { ...migrateDossier(v1), medical: { ...medical, treatments: 'Aucun traitement.' } } as DraftDossier;
    const v3 = { ...v2, administrative: { ...administrative, desiredEntryDate: '2027-02-01' } } as DraftDossier;
    const stored = [
      { version: 1, content: v1 },
      { version: 2, content: v2 },
      { version: 3, content: v3 },
    ];
    // The grid moved parts between shape 1 and 2, yet did not change: the autonomy part is still version 1.
    expect(partVersions(stored)).toEqual({ administrative: 3, autonomy: 1, medical: 2 });
    expect(partVersions(stored.slice(0, 2))).toEqual({ administrative: 1, autonomy: 1, medical: 2 });
    expect(partVersions([{ version: 1, content: { schemaVersion: 2, administrative } }])).toEqual({
      administrative: 1,
      autonomy: 0,
      medical: 0,
    });
    expect(partVersions([])).toEqual({ administrative: 0, autonomy: 0, medical: 0 });
  });
});
