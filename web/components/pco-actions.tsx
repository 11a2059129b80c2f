import type { OrientationDetail } from '../../api/pco/service.ts';
import type { AppError } from '../../domain/errors.ts';
import {
  type PcoOutcome,
  type PcoRefusalReason,
  type PcoSetting,
  pcoOutcomes,
  pcoRefusalReasons,
  pcoSettings,
} from '../../domain/pco/orientation-state.ts';
import { type CareProfession, careProfessions } from '../../domain/pco/package.ts';
import { todayInParis } from './dates.ts';
import { ChoiceFieldset, Disclosure, InputField, SelectField, TextareaField } from './fields.tsx';
import { type PcoFormState, pcoStateFor } from './pco-form-state.ts';
import { careKinds, careProviders } from './pco-package.tsx';

interface FormProps {
  orientation: OrientationDetail;
  state?: PcoFormState | undefined;
}

const options = <T extends string>(labels: Record<T, string>) =>
  (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }));

/** The platform's doctor: validate the prescription with a plan, or decline it with a reason. */
export function PrescriptionDecisionForms(props: FormProps) {
  const { orientation } = props;
  const validate = pcoStateFor(props.state, 'validate');
  const refuse = pcoStateFor(props.state, 'refuse');
  return (
    <section aria-labelledby="validation" class="fr-mb-6w">
      <h2 id="validation" class="fr-h4">
        Valider la prescription
      </h2>
      <p>
        Après validation, le premier bilan doit avoir lieu dans les 3 mois. Le médecin prescripteur est informé de votre
        décision.
      </p>
      <form method="post" action={`/pco/${orientation.id}/valider`} novalidate>
        <ChoiceFieldset
          id="setting"
          name="setting"
          type="radio"
          legend="Modalité des bilans et interventions"
          options={options<PcoSetting>(pcoSettings)}
          checked={[validate.values.setting ?? '']}
          error={validate.errors.setting}
        />
        <ChoiceFieldset
          id="professions"
          name="professions"
          type="checkbox"
          legend="Professionnels prévus au plan"
          hint="Au moins un."
          options={options<CareProfession>(careProfessions)}
          checked={validate.lists.professions ?? []}
          error={validate.errors.professions}
        />
        <button type="submit" class="fr-btn fr-icon-check-line fr-btn--icon-left">
          Valider la prescription
        </button>
      </form>
      <Disclosure title="Ne pas valider la prescription" open={refuse.submitted} id="refus">
        <form method="post" action={`/pco/${orientation.id}/refuser`} novalidate>
          <ChoiceFieldset
            id="reason"
            name="reason"
            type="radio"
            legend="Motif"
            options={options<PcoRefusalReason>(pcoRefusalReasons)}
            checked={[refuse.values.reason ?? '']}
            error={refuse.errors.reason}
          />
          <TextareaField
            id="refusal-comment"
            name="comment"
            label="Commentaire pour le médecin prescripteur (facultatif)"
            value={refuse.values.comment}
            error={refuse.errors.comment}
          />
          <button type="submit" class="fr-btn fr-btn--secondary">
            Ne pas valider
          </button>
        </form>
      </Disclosure>
    </section>
  );
}

/**
 * An assessment or intervention, charged to the yearly package. The form carries its own id, so
 * sending it twice records it once; past the ceiling, it is recorded only if the team confirms.
 */
export function CareForm(props: FormProps & { careId: string; error?: AppError | undefined }) {
  const { orientation } = props;
  const { values, errors, submitted } = pcoStateFor(props.state, 'care');
  const beyondCeiling = submitted && props.error?.code === 'pco.package_ceiling_exceeded';
  return (
    <section aria-labelledby="soins" class="fr-mb-6w">
      <h2 id="soins" class="fr-h4">
        Enregistrer un bilan ou une intervention
      </h2>
      <form method="post" action={`/pco/${orientation.id}/soins`} novalidate>
        <input type="hidden" name="careId" value={values.careId || props.careId} />
        <ChoiceFieldset
          id="kind"
          name="kind"
          type="radio"
          legend="Type"
          inline
          options={options(careKinds)}
          checked={[values.kind ?? '']}
          error={errors.kind}
        />
        <div class="fr-grid-row fr-grid-row--gutters fr-mb-2w">
          <div class="fr-col-12 fr-col-md-6">
            <SelectField
              id="profession"
              name="profession"
              label="Professionnel"
              placeholder="Choisir un professionnel"
              options={options<CareProfession>(careProfessions)}
              value={values.profession}
              error={errors.profession}
              required
            />
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <InputField
              id="care-date"
              name="date"
              type="date"
              label="Date"
              value={values.date}
              max={todayInParis()}
              error={errors.date}
              required
            />
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <InputField
              id="amount"
              name="amount"
              label="Montant en euros"
              hint="Par exemple 120 ou 120,50"
              value={values.amount}
              error={errors.amount}
              autocomplete="off"
              short
              required
            />
          </div>
        </div>
        <ChoiceFieldset
          id="provider"
          name="provider"
          type="radio"
          legend="Réalisé par"
          options={options(careProviders)}
          checked={[values.provider ?? '']}
          error={errors.provider}
        />
        {beyondCeiling ? (
          <div class="fr-alert fr-alert--warning fr-mb-3w" id="hors-forfait">
            <h3 class="fr-alert__title">Plafond annuel du forfait dépassé</h3>
            <p>
              Avec ce montant, la ligne du forfait dépasserait son plafond annuel. Cochez la case ci-dessous pour
              l’enregistrer hors forfait : il ne sera pas imputé au forfait d’intervention précoce.
            </p>
            <ChoiceFieldset
              id="acceptBeyondPackage"
              name="acceptBeyondPackage"
              type="checkbox"
              legend="Confirmation"
              options={[{ value: 'oui', label: 'Enregistrer hors forfait' }]}
              checked={values.acceptBeyondPackage === 'oui' ? ['oui'] : []}
            />
          </div>
        ) : null}
        <button type="submit" class="fr-btn fr-icon-add-line fr-btn--icon-left">
          Enregistrer
        </button>
      </form>
    </section>
  );
}

/** The synthesis meeting with the family, once the pathway has begun. */
export function SynthesisForm(props: FormProps) {
  const { values, errors } = pcoStateFor(props.state, 'synthesis');
  return (
    <section aria-labelledby="synthese" class="fr-mb-6w">
      <h2 id="synthese" class="fr-h4">
        Réunion de synthèse avec la famille
      </h2>
      <p>
        {props.orientation.synthesisAt
          ? 'Une réunion de synthèse est déjà enregistrée ; vous pouvez en enregistrer une nouvelle.'
          : 'À tenir dans les 6 mois suivant le premier bilan ou la première intervention. Le médecin prescripteur et la famille sont informés que le compte rendu est disponible.'}
      </p>
      <form method="post" action={`/pco/${props.orientation.id}/synthese`} novalidate>
        <InputField
          id="synthesis-date"
          name="date"
          type="date"
          label="Date de la réunion"
          value={values.date}
          max={todayInParis()}
          error={errors.date}
          required
        />
        <button type="submit" class="fr-btn fr-btn--secondary">
          Enregistrer la synthèse
        </button>
      </form>
    </section>
  );
}

/** The one renewal decision of the pathway. */
export function RenewalForm(props: FormProps) {
  const { values, errors } = pcoStateFor(props.state, 'renewal');
  return (
    <section aria-labelledby="renouvellement" class="fr-mb-6w">
      <h2 id="renouvellement" class="fr-h4">
        Renouvellement du parcours
      </h2>
      <p>Le parcours dure un an et ne peut être renouvelé qu’une fois. Cette décision ne se prend qu’une fois.</p>
      <form method="post" action={`/pco/${props.orientation.id}/renouvellement`} novalidate>
        <ChoiceFieldset
          id="renew"
          name="renew"
          type="radio"
          legend="Décision"
          options={[
            { value: 'oui', label: 'Renouveler le parcours pour un an' },
            { value: 'non', label: 'Ne pas renouveler' },
          ]}
          checked={[values.renew ?? '']}
          error={errors.renew}
        />
        <button type="submit" class="fr-btn fr-btn--secondary">
          Enregistrer la décision
        </button>
      </form>
    </section>
  );
}

/** Closing the pathway with its outcome (platform team). */
export function CloseForm(props: FormProps) {
  const { values, errors, submitted } = pcoStateFor(props.state, 'close');
  return (
    <section aria-labelledby="cloture-titre" class="fr-mb-6w">
      <h2 id="cloture-titre" class="fr-h4">
        Clôture
      </h2>
      <Disclosure title="Clore le parcours" open={submitted} id="cloture">
        <form method="post" action={`/pco/${props.orientation.id}/cloture`} novalidate>
          <ChoiceFieldset
            id="outcome"
            name="outcome"
            type="radio"
            legend="Issue du parcours"
            options={options<PcoOutcome>(pcoOutcomes)}
            checked={[values.outcome ?? '']}
            error={errors.outcome}
          />
          <TextareaField
            id="close-comment"
            name="comment"
            label="Commentaire (facultatif)"
            value={values.comment}
            error={errors.comment}
          />
          <button type="submit" class="fr-btn fr-btn--secondary">
            Clore le parcours
          </button>
        </form>
      </Disclosure>
    </section>
  );
}

/** The prescribing physician may record that the family withdraws. */
export function WithdrawalForm(props: FormProps) {
  const { values, errors, submitted } = pcoStateFor(props.state, 'withdrawal');
  return (
    <section aria-labelledby="retrait-titre" class="fr-mb-6w">
      <h2 id="retrait-titre" class="fr-h4">
        Retrait de la famille
      </h2>
      <Disclosure title="La famille ne souhaite plus poursuivre" open={submitted} id="retrait">
        <p>Le parcours sera clos avec l’issue « Retrait de la famille ».</p>
        <form method="post" action={`/pco/${props.orientation.id}/retrait`} novalidate>
          <TextareaField
            id="withdrawal-comment"
            name="comment"
            label="Commentaire (facultatif)"
            value={values.comment}
            error={errors.comment}
          />
          <button type="submit" class="fr-btn fr-btn--secondary">
            Enregistrer le retrait de la famille
          </button>
        </form>
      </Disclosure>
    </section>
  );
}
