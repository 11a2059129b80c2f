import type { AppError } from '../../domain/errors.ts';
import type { InvitationStatus } from '../../domain/identity/invitations.ts';
import { facilityRoles } from '../../domain/identity/users.ts';
import type { InvitationView } from '../../services/identity/invitations.ts';
import { ErrorAlert } from '../components/alerts.tsx';
import { formatDateTime } from '../components/dates.ts';
import { ChoiceFieldset, InputField, type Option, SelectField } from '../components/fields.tsx';
import type { FieldErrors } from '../components/form-data.ts';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

export interface FacilityChoice {
  id: string;
  name: string;
  finess: string | null;
}

/** The invitation form as typed, so a refusal shows it again with each error by its field. */
export interface InvitationFormValues {
  email: string;
  role: string;
  /** What an administrator typed to find the facility: a FINESS number or part of the name. */
  facilityQuery: string;
  facilityId: string;
  facilityRole: string;
  territories: string;
}

export const emptyInvitationForm: InvitationFormValues = {
  email: '',
  role: 'facility_member',
  facilityQuery: '',
  facilityId: '',
  facilityRole: 'staff',
  territories: '',
};

export interface InvitationFormState {
  /** An administrator invites anywhere; a manager, into the facilities they manage. */
  inviter: 'admin' | 'manager';
  /** The manager's facilities, or the facilities an administrator's search found several of. */
  facilities: FacilityChoice[];
  values: InvitationFormValues;
  errors: FieldErrors;
}

const statusTones: Record<InvitationStatus, string> = {
  pending: ' fr-badge--info',
  accepted: ' fr-badge--success',
  expired: ' fr-badge--warning',
  withdrawn: '',
};

const facilityRoleOptions: Option[] = Object.entries(facilityRoles).map(([value, label]) => ({ value, label }));
const facilityLabel = (facility: FacilityChoice) =>
  facility.finess ? `${facility.name} (FINESS ${facility.finess})` : facility.name;

function Csrf(props: { csrf: string }) {
  return <input type="hidden" name="csrf" value={props.csrf} />;
}

/** The manager's facilities, or the matches of an administrator's search. */
function FacilitySelect(props: {
  form: InvitationFormState;
  label: string;
  hint?: string;
  error?: string | undefined;
}) {
  return (
    <SelectField
      id="facilityId"
      name="facilityId"
      label={props.label}
      hint={props.hint}
      placeholder="Choisir l’établissement"
      options={props.form.facilities.map((facility) => ({ value: facility.id, label: facilityLabel(facility) }))}
      value={props.form.values.facilityId}
      error={props.error}
    />
  );
}

function FacilityFields(props: { form: InvitationFormState }) {
  const { form } = props;
  const { values, errors } = form;
  if (form.inviter === 'manager') {
    const [only] = form.facilities;
    return form.facilities.length === 1 && only ? (
      <p>
        Établissement : <strong>{facilityLabel(only)}</strong>
        <input type="hidden" name="facilityId" value={only.id} />
      </p>
    ) : (
      <FacilitySelect form={form} label="Établissement" error={errors.facilityId} />
    );
  }
  return (
    <>
      <InputField
        id="facilityQuery"
        name="facilityQuery"
        label="Établissement"
        hint="Numéro FINESS (9 caractères) ou nom de l’établissement"
        value={values.facilityQuery}
        error={errors.facilityId}
      />
      {form.facilities.length > 0 ? (
        <FacilitySelect
          form={form}
          label="Établissements correspondants"
          hint="Choisissez celui de la personne invitée."
        />
      ) : null}
    </>
  );
}

function InvitationForm(props: { csrf: string; form: InvitationFormState }) {
  const { form } = props;
  const { values, errors } = form;
  const facilityRole = (
    <SelectField
      id="facilityRole"
      name="facilityRole"
      label="Rôle dans l’établissement"
      hint="Médecin coordonnateur : le volet médical ne lui est ouvert qu’une fois son numéro RPPS confirmé (par un administrateur ou par sa connexion Pro Santé Connect)."
      placeholder="Choisir le rôle"
      options={facilityRoleOptions}
      value={values.facilityRole}
      error={errors.facilityRole}
      required={form.inviter === 'manager'}
    />
  );
  return (
    <form method="post" action="/invitations" novalidate>
      <Csrf csrf={props.csrf} />
      <InputField
        id="email"
        name="email"
        type="email"
        label="Adresse e-mail de la personne invitée"
        hint="Le lien d’invitation lui est envoyé à cette adresse ; il est valable 7 jours."
        autocomplete="off"
        value={values.email}
        error={errors.email}
        required
      />
      {form.inviter === 'admin' ? (
        <>
          <ChoiceFieldset
            id="role"
            name="role"
            type="radio"
            legend="Compte à créer"
            options={[
              { value: 'facility_member', label: 'Membre d’un établissement' },
              { value: 'coordinator', label: 'Coordinateur', hint: 'Suit les dossiers en retard de ses départements.' },
            ]}
            checked={[values.role]}
            error={errors.role}
            inline
          />
          <fieldset class="fr-fieldset">
            <legend class="fr-fieldset__legend">Pour un membre d’établissement</legend>
            <div class="fr-fieldset__element">
              <FacilityFields form={form} />
              {facilityRole}
            </div>
          </fieldset>
          <fieldset class="fr-fieldset">
            <legend class="fr-fieldset__legend">Pour un coordinateur</legend>
            <div class="fr-fieldset__element">
              <InputField
                id="territories"
                name="territories"
                label="Départements suivis"
                hint="Codes séparés par des virgules, par exemple 69, 2A, 974"
                value={values.territories}
                error={errors.territories}
              />
            </div>
          </fieldset>
        </>
      ) : (
        <>
          <FacilityFields form={form} />
          {facilityRole}
        </>
      )}
      <button type="submit" class="fr-btn">
        Envoyer l’invitation
      </button>
    </form>
  );
}

function InvitationsTable(props: { csrf: string; invitations: InvitationView[] }) {
  if (props.invitations.length === 0) {
    return <p>Aucune invitation envoyée ces 30 derniers jours.</p>;
  }
  return (
    <div class="fr-table">
      <table>
        <caption class="fr-sr-only">Invitations des 30 derniers jours</caption>
        <thead>
          <tr>
            <th scope="col">Adresse e-mail</th>
            <th scope="col">Rôle</th>
            <th scope="col">Établissement ou départements</th>
            <th scope="col">Invitée par</th>
            <th scope="col">Envoyée le</th>
            <th scope="col">Statut</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {props.invitations.map((invitation) => (
            <tr>
              <td>{invitation.email}</td>
              <td>{invitation.roleLabel}</td>
              <td>
                {invitation.facility ? facilityLabel(invitation.facility) : invitation.territories.join(', ') || '—'}
              </td>
              <td>{invitation.invitedBy}</td>
              <td>{formatDateTime(invitation.createdAt)}</td>
              <td>
                <span class={`fr-badge fr-badge--sm${statusTones[invitation.status]}`}>{invitation.statusLabel}</span>
                <br />
                <span class="fr-text--xs">
                  {invitation.status === 'pending'
                    ? `Jusqu’au ${formatDateTime(invitation.expiresAt)}`
                    : invitation.acceptedAt
                      ? `Le ${formatDateTime(invitation.acceptedAt)}`
                      : invitation.withdrawnAt
                        ? `Le ${formatDateTime(invitation.withdrawnAt)}`
                        : `Le ${formatDateTime(invitation.expiresAt)}`}
                </span>
              </td>
              <td>
                {invitation.status === 'pending' ? (
                  <form method="post" action={`/invitations/${invitation.id}/retirer`}>
                    <Csrf csrf={props.csrf} />
                    <button
                      type="submit"
                      class="fr-btn fr-btn--sm fr-btn--secondary"
                      aria-label={`Retirer l’invitation de ${invitation.email}`}
                    >
                      Retirer
                    </button>
                  </form>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function InvitationsPage(props: {
  frame: PageFrame;
  csrf: string;
  form: InvitationFormState;
  invitations: InvitationView[];
  notice?: string | undefined;
  error?: AppError | undefined;
}) {
  const hasFieldErrors = Object.keys(props.form.errors).length > 0;
  return (
    <Layout title="Invitations" frame={props.frame}>
      <h1>Invitations</h1>
      <p>
        {props.form.inviter === 'admin'
          ? 'Invitez un membre d’établissement ou un coordinateur : la personne reçoit un lien pour créer son compte.'
          : 'Invitez un membre de votre établissement : la personne reçoit un lien pour créer son compte.'}
      </p>
      {props.notice ? (
        <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>{props.notice}</p>
        </div>
      ) : null}
      {props.error ? <ErrorAlert error={props.error} /> : null}
      <section class="fr-mb-6w" aria-labelledby="inviter">
        <h2 id="inviter">Inviter une personne</h2>
        {hasFieldErrors ? (
          <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
            <p>L’invitation n’est pas envoyée : corrigez les champs signalés.</p>
          </div>
        ) : null}
        <InvitationForm csrf={props.csrf} form={props.form} />
      </section>
      <section aria-labelledby="envoyees">
        <h2 id="envoyees">Invitations envoyées</h2>
        <p class="fr-text--sm">
          Les invitations en attente peuvent être retirées : leur lien ne fonctionne plus. Les invitations acceptées,
          expirées ou retirées restent affichées 30 jours.
        </p>
        <InvitationsTable csrf={props.csrf} invitations={props.invitations} />
      </section>
    </Layout>
  );
}
