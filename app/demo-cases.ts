import { type Client, WorkflowContinuedAsNewError, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { facilities, referrals } from '../db/schema.ts';
import { pcoCases, pcoPlatforms } from '../db/schema-pco.ts';
import { atParisTime, shiftDay, todayInParis } from '../domain/calendar/days.ts';
import { type FacilityKind, pathwayOf } from '../domain/directory/facility-kinds.ts';
import { pcoWorkflowId } from '../domain/pco/orientation-state.ts';
import type { DraftDossier } from '../domain/referral/dossier.ts';
import type { PatientIdentity } from '../domain/referral/patient.ts';
import type { RefusalReason } from '../domain/referral/refusal-reasons.ts';
import { referralWorkflowId } from '../domain/referral/state.ts';
import {
  type DemoPcoInput,
  type DemoReferralInput,
  demoCaseIdPrefix,
  type demoPcoWorkflow,
  type demoReferralWorkflow,
} from '../workflows/demo-cases.ts';
import { referralDepartementKey, referralKindKey, referralStatusKey } from '../workflows/search-attributes.ts';

/**
 * The demo cases `npm start` adds beside the directory and the accounts: in the Rhône and the
 * Gironde, one in every state a coordinator meets (waiting, information asked, accepted and not
 * chosen, stalled for each reason, admitted, refused everywhere, archived). Each is played by the
 * real domain rules from its recorded past (workflows/demo-cases.ts), then lives in the real
 * workflow; a case already in the read model or in Temporal is left as it is.
 */

const physicians = { martin: '00000000-0000-4000-8000-000000000001', benali: '00000000-0000-4000-8000-000000000002' };
const members = {
  berthet: '00000000-0000-4000-8000-000000000011',
  elisabeth: '00000000-0000-4000-8000-000000000012',
  sixieme: '00000000-0000-4000-8000-000000000013',
  revel: '00000000-0000-4000-8000-000000000014',
  chartrons: '00000000-0000-4000-8000-000000000016',
};
const pcoDoctor69 = '00000000-0000-4000-8000-000000000031';

/** What a facility does on a demo case, `daysAgo` days before today (at `hour`, Paris). */
type FacilityAct =
  | { act: 'read' }
  | { act: 'requestInfo'; question: string }
  | { act: 'waitlist' }
  | { act: 'accept'; entryInDays: number }
  | { act: 'refuse'; reason: RefusalReason }
  | { act: 'admit' };
type RequesterAct = { act: 'answerInfo'; answer: string; facility: number } | { act: 'choose'; facility: number };

interface DemoReferralScenario {
  n: number;
  label: string;
  kind: FacilityKind;
  requester: string;
  patient: PatientIdentity;
  facilities: string[];
  createdDaysAgo: number;
  sentDaysAgo: number;
  steps: ({ daysAgo: number; hour?: number } & ((FacilityAct & { facility: number }) | RequesterAct))[];
}

const rhone = { ehpad: ['EHPAD SERGENT BERTHET', 'RESIDENCE SAINTE ELISABETH', 'EHPAD LE 6EME'] };
const gironde = { ehpad: ['EHPAD Démo Les Chartrons', 'EHPAD Démo Pessac Bourgailh'] };
const person = (
  lastName: string,
  firstName: string,
  birthDate: string,
  sex: 'female' | 'male',
  departement: string,
): PatientIdentity => ({
  lastName,
  firstName,
  birthDate,
  sex,
  departement,
});

export const demoReferralScenarios: DemoReferralScenario[] = [
  {
    n: 1,
    label: 'en attente de réponses',
    kind: 'ehpad',
    requester: physicians.martin,
    patient: person('Bernard', 'Lucienne', '1938-03-14', 'female', '69'),
    facilities: rhone.ehpad,
    createdDaysAgo: 4,
    sentDaysAgo: 3,
    steps: [{ daysAgo: 2, facility: 0, act: 'read' }],
  },
  {
    n: 2,
    label: 'informations demandées',
    kind: 'ehpad',
    requester: physicians.martin,
    patient: person('Moreau', 'Henri', '1935-11-02', 'male', '69'),
    facilities: rhone.ehpad.slice(0, 2),
    createdDaysAgo: 9,
    sentDaysAgo: 8,
    steps: [{ daysAgo: 4, facility: 1, act: 'requestInfo', question: 'Le résident a-t-il une mesure de protection ?' }],
  },
  {
    n: 3,
    label: 'accord reçu, choix à faire',
    kind: 'ehpad',
    requester: physicians.benali,
    patient: person('Lambert', 'Yvette', '1940-06-21', 'female', '69'),
    facilities: rhone.ehpad,
    createdDaysAgo: 13,
    sentDaysAgo: 12,
    steps: [
      { daysAgo: 6, facility: 2, act: 'refuse', reason: 'no_place' },
      { daysAgo: 3, facility: 0, act: 'accept', entryInDays: 20 },
    ],
  },
  {
    n: 4,
    label: 'en retard : établissement silencieux',
    kind: 'ehpad',
    requester: physicians.martin,
    patient: person('Girard', 'Marcel', '1933-01-09', 'male', '69'),
    facilities: rhone.ehpad.slice(1),
    createdDaysAgo: 42,
    sentDaysAgo: 41,
    steps: [{ daysAgo: 20, facility: 0, act: 'refuse', reason: 'care_not_adapted' }],
  },
  {
    n: 5,
    label: 'en retard : choix non fait',
    kind: 'ehpad',
    requester: physicians.benali,
    patient: person('Fontaine', 'Germaine', '1937-08-30', 'female', '69'),
    facilities: rhone.ehpad.slice(0, 2),
    createdDaysAgo: 36,
    sentDaysAgo: 35,
    steps: [
      { daysAgo: 26, facility: 0, act: 'accept', entryInDays: 40 },
      { daysAgo: 24, facility: 1, act: 'refuse', reason: 'admission_criteria' },
    ],
  },
  {
    n: 6,
    label: 'en retard : admission non confirmée',
    kind: 'ehpad',
    requester: physicians.martin,
    patient: person('Rousseau', 'André', '1936-04-17', 'male', '69'),
    facilities: rhone.ehpad.slice(0, 2),
    createdDaysAgo: 50,
    sentDaysAgo: 49,
    steps: [
      { daysAgo: 40, facility: 1, act: 'accept', entryInDays: 25 },
      { daysAgo: 38, act: 'choose', facility: 1 },
    ],
  },
  {
    n: 7,
    label: 'en retard : informations demandées sans réponse',
    kind: 'ehpad',
    requester: physicians.benali,
    patient: person('Chevalier', 'Odette', '1939-12-05', 'female', '69'),
    facilities: rhone.ehpad.slice(0, 1),
    createdDaysAgo: 31,
    sentDaysAgo: 30,
    steps: [
      { daysAgo: 25, facility: 0, act: 'requestInfo', question: 'Pouvez-vous joindre le dernier bilan gériatrique ?' },
    ],
  },
  {
    n: 8,
    label: 'admission réalisée',
    kind: 'ehpad',
    requester: physicians.martin,
    patient: person('Perrin', 'Raymonde', '1934-02-11', 'female', '69'),
    facilities: rhone.ehpad,
    createdDaysAgo: 75,
    sentDaysAgo: 74,
    steps: [
      { daysAgo: 70, facility: 2, act: 'refuse', reason: 'no_place' },
      { daysAgo: 66, facility: 1, act: 'waitlist' },
      { daysAgo: 62, facility: 0, act: 'accept', entryInDays: 10 },
      { daysAgo: 61, act: 'choose', facility: 0 },
      { daysAgo: 52, facility: 0, act: 'admit' },
    ],
  },
  {
    n: 9,
    label: 'refusée partout',
    kind: 'ehpad',
    requester: physicians.benali,
    patient: person('Marchand', 'Lucien', '1941-07-23', 'male', '69'),
    facilities: rhone.ehpad,
    createdDaysAgo: 28,
    sentDaysAgo: 27,
    steps: [
      { daysAgo: 22, facility: 0, act: 'refuse', reason: 'care_not_adapted' },
      { daysAgo: 18, facility: 1, act: 'refuse', reason: 'no_place' },
      { daysAgo: 15, facility: 2, act: 'refuse', reason: 'distance' },
    ],
  },
  {
    n: 10,
    label: 'archivée (inactivité)',
    kind: 'ehpad',
    requester: physicians.martin,
    patient: person('Garnier', 'Simone', '1932-10-19', 'female', '69'),
    facilities: rhone.ehpad.slice(0, 2),
    createdDaysAgo: 290,
    sentDaysAgo: 289,
    steps: [
      { daysAgo: 280, facility: 0, act: 'refuse', reason: 'no_place' },
      { daysAgo: 275, facility: 1, act: 'refuse', reason: 'resources_insufficient' },
    ],
  },
  {
    n: 11,
    label: 'soins de suite : établissement silencieux',
    kind: 'smr',
    requester: physicians.benali,
    patient: person('Blanc', 'Gérard', '1950-05-28', 'male', '69'),
    facilities: ['CTRE DE RÉADAPT FONCTIONNELLE REVEL'],
    createdDaysAgo: 12,
    sentDaysAgo: 12,
    steps: [],
  },
  {
    n: 12,
    label: 'soins de suite : admission réalisée',
    kind: 'smr',
    requester: physicians.martin,
    patient: person('Roux', 'Monique', '1948-09-03', 'female', '69'),
    facilities: ['CTRE DE RÉADAPT FONCTIONNELLE REVEL'],
    createdDaysAgo: 40,
    sentDaysAgo: 40,
    steps: [
      { daysAgo: 39, facility: 0, act: 'accept', entryInDays: 3 },
      { daysAgo: 39, hour: 15, act: 'choose', facility: 0 },
      { daysAgo: 35, facility: 0, act: 'admit' },
    ],
  },
  {
    n: 21,
    label: 'Gironde : en attente de réponses',
    kind: 'ehpad',
    requester: physicians.martin,
    patient: person('Dubois', 'Jeanne', '1939-04-08', 'female', '33'),
    facilities: gironde.ehpad,
    createdDaysAgo: 6,
    sentDaysAgo: 5,
    steps: [],
  },
  {
    n: 22,
    label: 'Gironde : en retard, établissement silencieux',
    kind: 'ehpad',
    requester: physicians.benali,
    patient: person('Laporte', 'Pierre', '1934-12-12', 'male', '33'),
    facilities: gironde.ehpad,
    createdDaysAgo: 45,
    sentDaysAgo: 44,
    steps: [{ daysAgo: 30, facility: 1, act: 'refuse', reason: 'no_place' }],
  },
  {
    n: 23,
    label: 'Gironde : admission réalisée',
    kind: 'ehpad',
    requester: physicians.martin,
    patient: person('Castaing', 'Marie', '1937-03-01', 'female', '33'),
    facilities: gironde.ehpad,
    createdDaysAgo: 60,
    sentDaysAgo: 59,
    steps: [
      { daysAgo: 50, facility: 0, act: 'accept', entryInDays: 8 },
      { daysAgo: 49, act: 'choose', facility: 0 },
      { daysAgo: 42, facility: 0, act: 'admit' },
    ],
  },
  {
    n: 24,
    label: 'Gironde : refusée partout',
    kind: 'smr',
    requester: physicians.benali,
    patient: person('Lafitte', 'Jean', '1952-08-14', 'male', '33'),
    facilities: ['SMR Démo Bordeaux Bastide'],
    createdDaysAgo: 20,
    sentDaysAgo: 20,
    steps: [{ daysAgo: 18, facility: 0, act: 'refuse', reason: 'care_not_adapted' }],
  },
];

interface DemoPcoScenario {
  n: number;
  label: string;
  child: PatientIdentity;
  submittedDaysAgo: number;
  validatedDaysAgo?: number;
  firstAssessmentDaysAgo?: number;
}

export const demoPcoScenarios: DemoPcoScenario[] = [
  {
    n: 31,
    label: 'en retard : validation de la prescription',
    child: person('Petit', 'Nathan', '2022-09-12', 'male', '69'),
    submittedDaysAgo: 20,
  },
  {
    n: 32,
    label: 'validée dans les délais, premier bilan fait',
    child: person('Lefebvre', 'Inès', '2022-02-03', 'female', '69'),
    submittedDaysAgo: 70,
    validatedDaysAgo: 62,
    firstAssessmentDaysAgo: 40,
  },
  {
    n: 33,
    label: 'en attente de validation',
    child: person('Morel', 'Lina', '2023-01-20', 'female', '69'),
    submittedDaysAgo: 3,
  },
];

/** The fixed id of demo case `n`; `series` (tests) gives another set of the same cases. */
export function demoCaseId(n: number, series = 0): string {
  return `${demoCaseIdPrefix}${series.toString(16).padStart(3, '0')}-${String(n).padStart(12, '0')}`;
}

function demoTaskId(caseId: string, facility: number): string {
  return `${caseId.slice(0, 19)}a${caseId.slice(20, 23)}-${caseId.slice(-9)}${String(facility).padStart(3, '0')}`;
}

function demoDossier(kind: FacilityKind, patient: PatientIdentity): DraftDossier {
  const grandAge = pathwayOf(kind) === 'grand_age';
  const bordeaux = patient.departement === '33';
  return {
    schemaVersion: 2,
    administrative: {
      identity: {
        lastName: patient.lastName,
        firstName: patient.firstName,
        birthDate: patient.birthDate,
        sex: patient.sex,
      },
      address: bordeaux
        ? { street: '8 cours de Verdun', postcode: '33000', commune: 'Bordeaux', departement: '33' }
        : { street: '25 rue Garibaldi', postcode: '69006', commune: 'Lyon', departement: '69' },
      contactPerson: { name: 'Famille (démonstration)', relationship: 'Enfant', phone: '06 00 00 00 00' },
      legalProtection: { measure: 'none' },
      desiredEntryDate: shiftDay(todayInParis(), 30),
      ...(grandAge
        ? { financialAids: { apa: 'requested', accommodationSocialAid: 'not_requested', housingAid: 'not_requested' } }
        : {}),
    },
    ...(grandAge
      ? {
          autonomy: {
            aggir: {
              discriminant: {
                coherence: { communication: 'B', behaviour: 'A' },
                orientation: { time: 'B', space: 'A' },
                washing: { upper: 'B', lower: 'C' },
                dressing: { upper: 'B', middle: 'B', lower: 'C' },
                feeding: { serving: 'B', eating: 'A' },
                elimination: { urinary: 'B', faecal: 'A' },
                transfers: 'B',
                indoorMobility: 'B',
                outdoorMobility: 'C',
                remoteCommunication: 'B',
              },
            },
          },
        }
      : {}),
    medical: {
      history: 'Cas de démonstration.',
      currentProblems: 'Maintien à domicile devenu difficile.',
      treatments: 'Sans objet (démonstration).',
      careNeeds: 'Aide aux actes de la vie quotidienne.',
      cognitiveBehaviouralIssues: 'Aucun.',
      ...(grandAge
        ? {}
        : {
            clinical: {
              clinicalReason: 'Rééducation après une chute (démonstration).',
              expectedCare: 'Kinésithérapie.',
              urgency: 'routine',
            },
          }),
    },
  } as DraftDossier;
}

/** The facility member who answers for a facility of the demo (its manager, or a Gironde one). */
function answeringMember(facilityName: string): string {
  const byName: Record<string, string> = {
    'EHPAD SERGENT BERTHET': members.berthet,
    'RESIDENCE SAINTE ELISABETH': members.elisabeth,
    'EHPAD LE 6EME': members.sixieme,
    'CTRE DE RÉADAPT FONCTIONNELLE REVEL': members.revel,
  };
  return byName[facilityName] ?? members.chartrons;
}

/** A demo scenario as the workflow input: every instant counted back from `now`. */
export function demoReferralInput(
  scenario: DemoReferralScenario,
  facilityIds: Map<string, string>,
  now: number,
  series = 0,
): DemoReferralInput {
  const caseId = demoCaseId(scenario.n, series);
  const today = todayInParis(now);
  const instant = (daysAgo: number, hour = 10) => new Date(atParisTime(shiftDay(today, -daysAgo), hour)).toISOString();
  const tasks = scenario.facilities.map((name, index) => {
    const facilityId = facilityIds.get(name);
    if (!facilityId) throw new Error(`Établissement de démonstration absent : ${name}`);
    return { taskId: demoTaskId(caseId, index), facilityId, facilityName: name };
  });
  const steps: DemoReferralInput['steps'] = [
    { at: instant(scenario.sentDaysAgo, 9), command: { type: 'send', actorId: scenario.requester } },
  ];
  for (const step of scenario.steps) {
    const at = instant(step.daysAgo, step.hour);
    const task = tasks[step.facility];
    if (!task) throw new Error(`Scénario ${scenario.n} : établissement ${step.facility} inconnu.`);
    const facilityArgs = { taskId: task.taskId, actorId: answeringMember(task.facilityName) };
    const requesterArgs = { taskId: task.taskId, actorId: scenario.requester };
    switch (step.act) {
      case 'read':
        steps.push({ at, command: { type: 'markRead', ...facilityArgs } });
        break;
      case 'requestInfo':
        steps.push({ at, command: { type: 'requestInfo', question: step.question, ...facilityArgs } });
        break;
      case 'waitlist':
        steps.push({ at, command: { type: 'waitlist', ...facilityArgs } });
        break;
      case 'accept':
        steps.push({
          at,
          command: {
            type: 'accept',
            proposedEntryDate: shiftDay(today, step.entryInDays - step.daysAgo),
            ...facilityArgs,
          },
        });
        break;
      case 'refuse':
        steps.push({ at, command: { type: 'refuse', reasonCode: step.reason, ...facilityArgs } });
        break;
      case 'admit':
        steps.push({ at, command: { type: 'confirmAdmission', ...facilityArgs } });
        break;
      case 'answerInfo':
        steps.push({ at, command: { type: 'answerInfo', answer: step.answer, ...requesterArgs } });
        break;
      case 'choose':
        steps.push({ at, command: { type: 'choose', ...requesterArgs } });
        break;
    }
  }
  return {
    referral: {
      caseId,
      kind: scenario.kind,
      requesterId: scenario.requester,
      patient: scenario.patient,
      facilities: tasks,
      dossier: demoDossier(scenario.kind, scenario.patient),
    },
    createdAt: instant(scenario.createdDaysAgo, 8),
    steps,
  };
}

export function demoPcoInput(scenario: DemoPcoScenario, platformId: string, now: number, series = 0): DemoPcoInput {
  const today = todayInParis(now);
  const instant = (daysAgo: number, hour = 10) => new Date(atParisTime(shiftDay(today, -daysAgo), hour)).toISOString();
  const steps: DemoPcoInput['steps'] = [];
  if (scenario.validatedDaysAgo !== undefined) {
    steps.push({
      at: instant(scenario.validatedDaysAgo),
      command: { type: 'validate', actorId: pcoDoctor69, setting: 'platform', professions: ['psychomotricien'] },
    });
  }
  if (scenario.firstAssessmentDaysAgo !== undefined) {
    steps.push({
      at: instant(scenario.firstAssessmentDaysAgo, 17),
      command: {
        type: 'recordCare',
        actorId: pcoDoctor69,
        id: `demo-${scenario.n}-1`,
        kind: 'assessment',
        profession: 'psychomotricien',
        date: shiftDay(today, -scenario.firstAssessmentDaysAgo),
        amountCents: 14000,
        provider: 'platform',
      },
    });
  }
  const submittedAt = instant(scenario.submittedDaysAgo, 9);
  return {
    orientation: {
      caseId: demoCaseId(scenario.n, series),
      requesterId: physicians.martin,
      platformId,
      ageRange: '0-6',
      child: scenario.child,
      family: { contactName: 'Parent (démonstration)', relationship: 'Parent', consentGivenAt: submittedAt },
      screening: {
        gridVersion: '2020-1',
        bracketId: '3y',
        checkedItems: ['3y-la-1', '3y-so-1'],
        generalSigns: [],
        domainsWithSigns: ['language', 'socialisation'],
        regression: false,
        parentalConcern: false,
        atypicalBehaviour: false,
        suggestsOrientation: true,
        reasons: [],
      },
    },
    submittedAt,
    steps,
  };
}

export interface DemoCasesContext {
  db: Database;
  temporal: Client;
  taskQueue: string;
  searchAttributes: boolean;
  log?: (line: string) => void;
  now?: number;
  /** Tests: another set of ids for the same cases (the Temporal namespace is shared). */
  series?: number;
}

/**
 * Starts the demo cases missing from the read model and waits until each has played its past.
 * Development only: bin/dev calls it, never in production.
 */
export async function seedDemoCases(ctx: DemoCasesContext): Promise<{ started: number; kept: number }> {
  const now = ctx.now ?? Date.now();
  const series = ctx.series ?? 0;
  const names = [...new Set(demoReferralScenarios.flatMap((scenario) => scenario.facilities))];
  const facilityRows = await ctx.db
    .select({ id: facilities.id, name: facilities.name })
    .from(facilities)
    .where(inArray(facilities.name, names));
  const facilityIds = new Map(facilityRows.map((row) => [row.name, row.id]));
  const [platform] = await ctx.db
    .select({ id: pcoPlatforms.id })
    .from(pcoPlatforms)
    .where(eq(pcoPlatforms.name, 'PCO TND Rhône 0–6 ans (démo)'));
  const referralIds = demoReferralScenarios.map((scenario) => demoCaseId(scenario.n, series));
  const pcoIds = demoPcoScenarios.map((scenario) => demoCaseId(scenario.n, series));
  const known = new Set([
    ...(await ctx.db.select({ id: referrals.id }).from(referrals).where(inArray(referrals.id, referralIds))).map(
      (row) => row.id,
    ),
    ...(await ctx.db.select({ id: pcoCases.id }).from(pcoCases).where(inArray(pcoCases.id, pcoIds))).map(
      (row) => row.id,
    ),
  ]);
  const runs: Promise<void>[] = [];
  let kept = 0;
  const start = async (workflowId: string, begin: () => Promise<{ result: () => Promise<unknown> }>) => {
    try {
      const handle = await begin();
      runs.push(
        handle.result().then(
          () => undefined,
          (error: unknown) => {
            // The demo's past is over once its run hands the case to the real workflow.
            if (!(error instanceof WorkflowContinuedAsNewError)) throw error;
          },
        ),
      );
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      kept += 1;
      ctx.log?.(`  ${workflowId} existe déjà dans Temporal : conservé.`);
    }
  };
  for (const scenario of demoReferralScenarios) {
    const caseId = demoCaseId(scenario.n, series);
    if (known.has(caseId)) {
      kept += 1;
      continue;
    }
    const input = demoReferralInput(scenario, facilityIds, now, series);
    await start(referralWorkflowId(caseId), async () => {
      const handle = await ctx.temporal.workflow.start<typeof demoReferralWorkflow>('demoReferralWorkflow', {
        workflowId: referralWorkflowId(caseId),
        taskQueue: ctx.taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        ...(ctx.searchAttributes
          ? {
              typedSearchAttributes: [
                { key: referralKindKey, value: scenario.kind },
                { key: referralStatusKey, value: 'draft' },
                { key: referralDepartementKey, value: scenario.patient.departement ?? '' },
              ],
            }
          : {}),
      });
      return ctx.temporal.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId, { followRuns: false });
    });
  }
  for (const scenario of demoPcoScenarios) {
    const caseId = demoCaseId(scenario.n, series);
    if (known.has(caseId) || !platform) {
      kept += 1;
      continue;
    }
    const input = demoPcoInput(scenario, platform.id, now, series);
    await start(pcoWorkflowId(caseId), async () => {
      const handle = await ctx.temporal.workflow.start<typeof demoPcoWorkflow>('demoPcoWorkflow', {
        workflowId: pcoWorkflowId(caseId),
        taskQueue: ctx.taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      return ctx.temporal.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId, { followRuns: false });
    });
  }
  await Promise.all(runs);
  return { started: runs.length, kept };
}
