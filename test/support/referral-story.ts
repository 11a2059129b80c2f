import { type MessageDraft, messagesForEvents } from '../../domain/messages/case-messages.ts';
import type { ReferralCommand } from '../../domain/referral/commands.ts';
import { pendingDeadlines } from '../../domain/referral/deadline-schedule.ts';
import { createReferral, decide } from '../../domain/referral/decide.ts';
import type { PatientIdentity } from '../../domain/referral/patient.ts';
import type { DeadlineType, ReferralState } from '../../domain/referral/state.ts';
import { completeDossier } from './dossiers.ts';

/**
 * One EHPAD case that goes through every kind of event a referral can have (reminders, stalls,
 * information, second wave, new dossier version, answers, choice, admission impossible,
 * inactivity, archiving), with the messages each step produces: for tests over all templates.
 */
export function wholeReferralStory(options: {
  caseId: string;
  patient: PatientIdentity;
  appUrl: string;
}): MessageDraft[] {
  const { caseId, patient, appUrl } = options;
  const start = Date.parse('2026-11-26T10:00:00.000Z');
  const all: MessageDraft[] = [];
  let state: ReferralState = createReferral(
    {
      caseId,
      kind: 'ehpad',
      requesterId: 'physician-1',
      patient,
      dossier: completeDossier('ehpad', patient),
      facilities: [
        { taskId: 't1', facilityId: 'f1', facilityName: 'EHPAD A' },
        { taskId: 't2', facilityId: 'f2', facilityName: 'EHPAD B' },
        { taskId: 't3', facilityId: 'f3', facilityName: 'EHPAD C', wave: 2 },
      ],
    },
    new Date(start).toISOString(),
  ).state;
  let now = start;
  const run = (command: ReferralCommand) => {
    const decision = decide(state, command, new Date(now).toISOString());
    if (!decision.ok) throw new Error(`${command.type} refused: ${decision.code}`);
    state = decision.state;
    all.push(...messagesForEvents(`referral/${caseId}`, state, decision.events, appUrl));
  };
  const fire = (type: DeadlineType, taskId?: string) => {
    const deadline = pendingDeadlines(state).find(
      (candidate) => candidate.type === type && candidate.taskId === taskId,
    );
    if (!deadline) throw new Error(`no pending ${type}`);
    now = Math.max(now, deadline.at);
    run({ type: 'deadline', deadline });
  };

  run({ type: 'send', actorId: 'physician-1' });
  fire('answer_reminder', 't1');
  fire('answer_stalled', 't1');
  run({ type: 'remind', actorId: 'coordinator-1', message: 'Merci de répondre cette semaine.' });
  run({ type: 'escalate', actorId: 'coordinator-1', message: 'Pouvez-vous relancer l’établissement ?' });
  run({
    type: 'suggestFacilities',
    actorId: 'coordinator-1',
    facilities: [{ facilityId: 'f4', facilityName: 'EHPAD D' }],
  });
  run({ type: 'requestInfo', taskId: 't2', actorId: 'f', question: 'Bilan ?' });
  fire('info_answer_stalled', 't2');
  now += 24 * 60 * 60 * 1000;
  run({ type: 'remind', actorId: 'coordinator-1' });
  run({ type: 'answerInfo', taskId: 't2', actorId: 'physician-1', answer: 'Joint.' });
  run({ type: 'waitlist', taskId: 't2', actorId: 'f' });
  fire('second_wave');
  run({ type: 'updateDossier', actorId: 'physician-1', dossier: completeDossier('ehpad', patient) });
  run({ type: 'refuse', taskId: 't3', actorId: 'f', reasonCode: 'distance' });
  run({ type: 'accept', taskId: 't1', actorId: 'f', proposedEntryDate: '2027-06-01', placeHeldUntil: '2027-05-20' });
  run({ type: 'accept', taskId: 't2', actorId: 'f', proposedEntryDate: '2027-06-01' });
  fire('choice_reminder', 't1');
  fire('place_release', 't1');
  run({ type: 'choose', taskId: 't1', actorId: 'physician-1' });
  run({ type: 'reportAdmissionImpossible', taskId: 't1', actorId: 'f', reason: 'Place perdue' });
  fire('inactivity_alert');
  fire('archive');
  return all;
}

/**
 * A family request (espace particulier) through every event of its own: the e-mail reminder, the
 * physician designated, reminded, stalled, declining, another completing the dossier, and at last
 * the cancellation for an address never confirmed; with the messages of each step.
 */
export function wholeFamilyStory(options: {
  caseId: string;
  patient: PatientIdentity;
  appUrl: string;
  dossierNumber: string;
}): MessageDraft[] {
  const { caseId, patient, appUrl, dossierNumber } = options;
  const start = Date.parse('2026-11-26T10:00:00.000Z');
  const all: MessageDraft[] = [];
  const created = createReferral(
    {
      caseId,
      kind: 'ehpad',
      requesterId: 'referent-1',
      patient,
      facilities: [],
      origin: { kind: 'family', referentIds: ['referent-1'], emailConfirmation: {} },
      dossierNumber,
    },
    new Date(start).toISOString(),
  );
  let state: ReferralState = created.state;
  let now = start;
  const run = (command: ReferralCommand) => {
    const decision = decide(state, command, new Date(now).toISOString());
    if (!decision.ok) throw new Error(`${command.type} refused: ${decision.code}`);
    state = decision.state;
    all.push(...messagesForEvents(`referral/${caseId}`, state, decision.events, appUrl));
  };
  const fire = (type: DeadlineType) => {
    const deadline = pendingDeadlines(state).find((candidate) => candidate.type === type);
    if (!deadline) throw new Error(`no pending ${type}`);
    now = Math.max(now, deadline.at);
    run({ type: 'deadline', deadline, emailConfirmed: false });
  };
  fire('email_confirmation_reminder');
  run({ type: 'addReferent', actorId: 'referent-1', userId: 'referent-2' });
  run({ type: 'designatePhysician', actorId: 'referent-1', physicianId: 'physician-1' });
  fire('physician_reminder');
  fire('physician_stalled');
  run({ type: 'declineAsPhysician', actorId: 'physician-1' });
  run({ type: 'designatePhysician', actorId: 'referent-1', physicianId: 'physician-2' });
  run({
    type: 'completeByPhysician',
    actorId: 'physician-2',
    dossier: completeDossier('ehpad', patient),
    shareGir: false,
  });
  fire('email_confirmation_cancel');
  return all;
}
