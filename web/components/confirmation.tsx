import type { ReferralCommandName } from '../../domain/referral/commands.ts';
import { referralCommand } from '../../domain/referral/commands.ts';

/** The field a confirmed form carries: without it, the action first shows what it will do. */
export const confirmedField = 'confirme';
export const confirmedValue = 'oui';

/**
 * The attributes that make a form of an irreversible command ask first, in a DSFR modal
 * (web/static/confirm.js); without JavaScript the form posts to the same address, which answers
 * with a confirmation page. `detail` names what the action concerns (a facility, a day).
 */
export function confirmAttributes(command: ReferralCommandName, detail?: string): Record<string, string> {
  const confirmation = referralCommand(command).confirmation;
  if (!confirmation) return {};
  return {
    'data-confirm-title': confirmation.title,
    'data-confirm-text': confirmation.consequence,
    'data-confirm-button': confirmation.button,
    ...(detail ? { 'data-confirm-detail': detail } : {}),
  };
}

/** The one modal of the page, filled by the script with the question of the form submitted. */
export function ConfirmationModal() {
  return (
    <>
      <dialog id="pc-confirmation" class="fr-modal" aria-labelledby="pc-confirmation-title" aria-modal="true">
        <div class="fr-container fr-container--fluid fr-container-md">
          <div class="fr-grid-row fr-grid-row--center">
            <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
              <div class="fr-modal__body">
                <div class="fr-modal__header">
                  <button type="button" class="fr-btn--close fr-btn" data-confirm-cancel>
                    Fermer
                  </button>
                </div>
                <div class="fr-modal__content">
                  <h2 id="pc-confirmation-title" class="fr-modal__title">
                    Confirmer
                  </h2>
                  <p data-confirm-detail class="fr-text--bold" />
                  <p data-confirm-text />
                </div>
                <div class="fr-modal__footer">
                  <ul class="fr-btns-group fr-btns-group--right fr-btns-group--inline-reverse fr-btns-group--inline-lg">
                    <li>
                      <button type="button" class="fr-btn" data-confirm-accept>
                        Confirmer
                      </button>
                    </li>
                    <li>
                      <button type="button" class="fr-btn fr-btn--secondary" data-confirm-cancel>
                        Revenir sans rien changer
                      </button>
                    </li>
                  </ul>
                </div>
              </div>
            </div>
          </div>
        </div>
      </dialog>
      <script src="/static/parcours/confirm.js" defer />
    </>
  );
}
