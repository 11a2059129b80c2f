import { type FacilityKind, pathwayOf } from '../../domain/directory/facility-kinds.ts';
import type { DraftDossier } from '../../domain/referral/dossier.ts';
import type { PatientIdentity } from '../../domain/referral/patient.ts';

/** A complete AGGIR grid: codes AACCCCCCCC, GIR 2. */
export const completeAggirGrid = {
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
} as const;

/**
 * The same dossier in its first stored shape (before the autonomy part): the grid inside the
 * medical part, as histories and stored versions of older cases hold it.
 */
export function shapeOneDossier(kind: FacilityKind, patient?: PatientIdentity): DraftDossier {
  const { autonomy, medical, ...rest } = completeDossier(kind, patient);
  return {
    ...rest,
    schemaVersion: 1,
    medical: { ...medical, ...(autonomy?.aggir ? { aggir: autonomy.aggir } : {}) },
  } as DraftDossier;
}

/**
 * A dossier complete enough to send, for the pathway of `kind`. Through the API the identity is
 * filled by the platform; a workflow started directly needs it given.
 */
export function completeDossier(kind: FacilityKind, patient?: PatientIdentity): DraftDossier {
  const grandAge = pathwayOf(kind) === 'grand_age';
  return {
    schemaVersion: 2,
    administrative: {
      ...(patient
        ? {
            identity: {
              lastName: patient.lastName,
              firstName: patient.firstName,
              birthDate: patient.birthDate,
              sex: patient.sex,
            },
          }
        : {}),
      address: { street: '12 rue des Lilas', postcode: '69003', commune: 'Lyon', departement: '69' },
      contactPerson: { name: 'Paul Durand', relationship: 'Fils', phone: '06 12 34 56 78' },
      legalProtection: { measure: 'none' },
      desiredEntryDate: '2027-01-15',
      ...(grandAge
        ? { financialAids: { apa: 'granted', accommodationSocialAid: 'not_requested', housingAid: 'requested' } }
        : {}),
    },
    ...(grandAge ? { autonomy: { aggir: completeAggirGrid } } : {}),
    medical: {
      history: 'Fracture du col du fémur (2024). Hypertension artérielle.',
      currentProblems: 'Perte d’autonomie après une chute.',
      treatments: 'Amlodipine 5 mg/j.',
      careNeeds: 'Aide à la toilette, kinésithérapie.',
      cognitiveBehaviouralIssues: 'Aucun.',
      ...(grandAge
        ? {}
        : {
            clinical: {
              clinicalReason: 'Rééducation après prothèse de hanche.',
              expectedCare: 'Kinésithérapie quotidienne.',
              urgency: 'priority',
            },
          }),
    },
  } as DraftDossier;
}
