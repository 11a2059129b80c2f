import type { CalendarDay } from '../calendar/days.ts';
import type { ReferralCommand } from './commands.ts';
import {
  acceptanceDatesRefusal,
  admissionRefusal,
  desiredEntryDateRefusal,
  type EntryDateRefusal,
} from './entry-dates.ts';
import type { ReferralState } from './state.ts';

/** The day rules a command must meet on this case today, or undefined (commands without days pass). */
export function commandDateRefusal(
  state: ReferralState,
  command: ReferralCommand,
  today: CalendarDay,
): EntryDateRefusal | undefined {
  switch (command.type) {
    case 'updateDossier':
      return desiredEntryDateRefusal(command.dossier, today);
    case 'accept':
      return acceptanceDatesRefusal(command, today);
    case 'confirmAdmission': {
      const task = state.tasks.find((candidate) => candidate.taskId === command.taskId);
      return task ? admissionRefusal(task, command.actualEntryDate, today, command.admissionNoticeDays) : undefined;
    }
    default:
      return undefined;
  }
}
