import { type CalendarDay, daysBetween, formatFrenchDay, parisDay, shiftDay } from '../calendar/days.ts';
import { type ErrorCode, errorCatalogue } from '../errors.ts';
import type { DraftDossier } from './dossier.ts';
import type { FacilityTask } from './state.ts';

/**
 * The rules on the days of an entry, all in Paris days: a wished or proposed entry is today or
 * later, a place is held no later than the entry it waits for, and an admission is confirmed at
 * most a few days before the entry it records (never weeks ahead, which would close the case on a
 * promise). The edge (API, pages) and the workflow's update validators both apply them, with the
 * clock of the moment the command arrives.
 */

/** Days before the proposed entry from which the admission may be confirmed, unless configured otherwise. */
export const defaultAdmissionNoticeDays = 7;

/** A refused day: its stable code, the French message (naming the days) and the field it concerns. */
export interface EntryDateRefusal {
  code: ErrorCode;
  message: string;
  field: string;
}

function refusal(code: ErrorCode, field: string, message: string = errorCatalogue[code].message): EntryDateRefusal {
  return { code, message, field };
}

/** A wished entry day already past (a draft's may pass while it waits; a new version may not name one). */
export function desiredEntryDateRefusal(
  dossier: Pick<DraftDossier, 'administrative'>,
  today: CalendarDay,
): EntryDateRefusal | undefined {
  const desired = dossier.administrative?.desiredEntryDate;
  if (desired !== undefined && desired < today)
    return refusal('referral.desired_entry_date_past', 'administrative.desiredEntryDate');
  return undefined;
}

/** A facility's acceptance: the proposed entry is not past, and the place is held until a day between today and the entry. */
export function acceptanceDatesRefusal(
  dates: { proposedEntryDate: CalendarDay; placeHeldUntil?: CalendarDay | undefined },
  today: CalendarDay,
): EntryDateRefusal | undefined {
  if (dates.proposedEntryDate < today) return refusal('task.proposed_entry_date_past', 'proposedEntryDate');
  const held = dates.placeHeldUntil;
  if (held === undefined) return undefined;
  if (held < today) return refusal('task.place_held_past', 'placeHeldUntil');
  if (held > dates.proposedEntryDate)
    return refusal(
      'task.place_held_after_entry',
      'placeHeldUntil',
      `La place ne peut pas être réservée au-delà de la date d’entrée proposée (le ${formatFrenchDay(dates.proposedEntryDate)}).`,
    );
  return undefined;
}

/** The day an admission records when none is given: the entry the facility proposed (else today). */
export function admissionEntryDay(task: Pick<FacilityTask, 'proposedEntryDate'>, today: CalendarDay): CalendarDay {
  return task.proposedEntryDate ?? today;
}

/** The first day an admission entering on `entryDay` may be confirmed. */
export function firstConfirmationDay(entryDay: CalendarDay, noticeDays: number): CalendarDay {
  return shiftDay(entryDay, -noticeDays);
}

/**
 * Confirming the admission: the entry it records (given, or the proposed one) is at most
 * `noticeDays` ahead of today, and not before the facility's acceptance. A person who already
 * entered earlier than proposed is admitted by giving the actual day.
 */
export function admissionRefusal(
  task: Pick<FacilityTask, 'proposedEntryDate' | 'acceptedAt'>,
  actualEntryDate: CalendarDay | undefined,
  today: CalendarDay,
  noticeDays: number = defaultAdmissionNoticeDays,
): EntryDateRefusal | undefined {
  const entry = actualEntryDate ?? admissionEntryDay(task, today);
  if (daysBetween(today, entry) > noticeDays) {
    const given = actualEntryDate !== undefined && actualEntryDate !== task.proposedEntryDate;
    return refusal(
      'task.admission_too_early',
      'actualEntryDate',
      `L’admission ne peut pas encore être confirmée : l’entrée ${given ? 'indiquée' : 'prévue'} est le ${formatFrenchDay(entry)}. ` +
        `Elle pourra l’être à partir du ${formatFrenchDay(firstConfirmationDay(entry, noticeDays))} ` +
        `(${noticeDays} jour${noticeDays > 1 ? 's' : ''} avant l’entrée au plus). Si la personne est déjà entrée, indiquez la date de son entrée.`,
    );
  }
  const accepted = task.acceptedAt ? parisDay(task.acceptedAt) : undefined;
  if (accepted !== undefined && entry < accepted)
    return refusal(
      'task.entry_before_acceptance',
      'actualEntryDate',
      `La date d’entrée ne peut pas précéder l’accord de l’établissement (le ${formatFrenchDay(accepted)}).`,
    );
  return undefined;
}
