import type { ReferralDetail } from '../../api/referrals/views.ts';
import { caseReference } from '../../domain/messages/case-messages.ts';
import type { CommandConfirmation } from '../../domain/referral/commands.ts';
import { confirmedField, confirmedValue } from '../components/confirmation.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

export interface CommandConfirmationPageProps {
  frame: PageFrame;
  referral: ReferralDetail;
  confirmation: CommandConfirmation;
  /** Where the confirmed form posts: the same address as the first one. */
  action: string;
  /** What the person typed or chose, sent again with the confirmation. */
  values: Record<string, string>;
  /** What the action concerns, line by line (the facility, the day, who is told). */
  details: string[];
  /** Where « Revenir » leads (the case page unless told). */
  back?: string;
}

/**
 * The confirmation step without JavaScript: what the action will do and what cannot be undone,
 * then a second form that does it (or a way back to the case, with nothing changed).
 */
export function CommandConfirmationPage(props: CommandConfirmationPageProps) {
  const { referral, confirmation } = props;
  const back = props.back ?? `/demandes/${referral.id}`;
  return (
    <Layout title={`${confirmation.title} — ${caseReference(referral.id)}`} frame={props.frame}>
      <h1 class="fr-mb-2w">{confirmation.title}</h1>
      <p class="fr-mb-4w">
        {caseReference(referral.id)} · {referral.patient.lastName.toUpperCase()} {referral.patient.firstName} ·{' '}
        {referral.kindLabel}
      </p>
      <div class="fr-alert fr-alert--warning fr-mb-4w">
        <h2 class="fr-alert__title">Cette action ne peut pas être annulée</h2>
        <p>{confirmation.consequence}</p>
      </div>
      {props.details.length > 0 ? (
        <ul class="fr-mb-4w">
          {props.details.map((line) => (
            <li>{line}</li>
          ))}
        </ul>
      ) : null}
      <form method="post" action={props.action}>
        {Object.entries(props.values).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name={confirmedField} value={confirmedValue} />
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li>
            <button type="submit" class="fr-btn">
              {confirmation.button}
            </button>
          </li>
          <li>
            <a class="fr-btn fr-btn--secondary" href={back}>
              Revenir à la demande sans rien changer
            </a>
          </li>
        </ul>
      </form>
    </Layout>
  );
}
