import type { Child } from 'hono/jsx';

interface FieldProps {
  id: string;
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
}

/** The DSFR message area under a field; screen readers hear it through aria-describedby. */
function Messages(props: { id: string; error?: string | undefined }) {
  return (
    <div class="fr-messages-group" id={props.id} aria-live="polite">
      {props.error ? <p class="fr-message fr-message--error">{props.error}</p> : null}
    </div>
  );
}

function Label(props: { for: string; label: string; hint?: string | undefined }) {
  return (
    <label class="fr-label" for={props.for}>
      {props.label}
      {props.hint ? <span class="fr-hint-text">{props.hint}</span> : null}
    </label>
  );
}

export function InputField(
  props: FieldProps & {
    value?: string | undefined;
    type?: 'text' | 'date' | 'number' | 'email' | 'tel';
    required?: boolean;
    autocomplete?: string;
    min?: string;
    max?: string;
    inputmode?: 'numeric' | 'text' | 'tel' | 'email';
    /** A narrower box for short values (postcode, number of days). */
    short?: boolean;
  },
) {
  const messages = `${props.id}-messages`;
  return (
    <div class={`fr-input-group${props.error ? ' fr-input-group--error' : ''}`}>
      <Label for={props.id} label={props.label} hint={props.hint} />
      <input
        class={`fr-input${props.short ? ' pc-input--short' : ''}`}
        id={props.id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        autocomplete={props.autocomplete}
        min={props.min}
        max={props.max}
        inputmode={props.inputmode}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={messages}
      />
      <Messages id={messages} error={props.error} />
    </div>
  );
}

/** The name a person gives for their account, as the sign-up and invitation forms ask it. */
export function DisplayNameField(props: { label: string; value: string | undefined }) {
  return (
    <div class="fr-input-group">
      <label class="fr-label" for="displayName">
        {props.label}
      </label>
      <input
        class="fr-input"
        id="displayName"
        name="displayName"
        autocomplete="name"
        required
        value={props.value ?? ''}
      />
    </div>
  );
}

/**
 * A password input: `new-password` ones say the minimum length (and the browser checks it), so a
 * password manager can propose one; `current-password` is the one the person already has.
 */
export function PasswordField(props: {
  id: string;
  label: string;
  autocomplete: 'new-password' | 'current-password';
  minimumLength?: number | undefined;
  /** Said after the length rule ("Vos autres sessions seront fermées."). */
  hint?: string | undefined;
}) {
  const lengthRule = props.minimumLength ? `Au moins ${props.minimumLength} caractères.` : undefined;
  const hint = [lengthRule, props.hint].filter(Boolean).join(' ') || undefined;
  return (
    <div class="fr-input-group">
      <Label for={props.id} label={props.label} hint={hint} />
      <input
        class="fr-input"
        id={props.id}
        name={props.id}
        type="password"
        autocomplete={props.autocomplete}
        minlength={props.minimumLength}
        required
      />
    </div>
  );
}

/**
 * A person's last and first names, side by side: the patient of a request, the child of an
 * orientation. `path` prefixes the error keys (`patient.lastName`, `child.firstName`).
 */
export function PersonNameFields(props: {
  values: { lastName?: string | undefined; firstName?: string | undefined };
  errors: Record<string, string>;
  path: 'patient' | 'child';
}) {
  return (
    <>
      {(['lastName', 'firstName'] as const).map((name) => (
        <div class="fr-col-12 fr-col-md-6">
          <InputField
            id={name}
            name={name}
            label={name === 'lastName' ? 'Nom' : 'Prénom'}
            value={props.values[name]}
            error={props.errors[`${props.path}.${name}`]}
            autocomplete="off"
            required
          />
        </div>
      ))}
    </>
  );
}

export function TextareaField(props: FieldProps & { value?: string | undefined; required?: boolean; rows?: number }) {
  const messages = `${props.id}-messages`;
  return (
    <div class={`fr-input-group${props.error ? ' fr-input-group--error' : ''}`}>
      <Label for={props.id} label={props.label} hint={props.hint} />
      <textarea
        class="fr-input"
        id={props.id}
        name={props.name}
        rows={props.rows ?? 3}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={messages}
      >
        {props.value ?? ''}
      </textarea>
      <Messages id={messages} error={props.error} />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(
  props: FieldProps & {
    value?: string | undefined;
    options: Option[];
    placeholder: string;
    required?: boolean;
    /** The placeholder is a real choice ("all"), as in a list filter. */
    placeholderSelectable?: boolean;
  },
) {
  const messages = `${props.id}-messages`;
  return (
    <div class={`fr-select-group${props.error ? ' fr-select-group--error' : ''}`}>
      <Label for={props.id} label={props.label} hint={props.hint} />
      <select
        class="fr-select"
        id={props.id}
        name={props.name}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={messages}
      >
        <option value="" selected={!props.value} disabled={!props.placeholderSelectable}>
          {props.placeholder}
        </option>
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === props.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Messages id={messages} error={props.error} />
    </div>
  );
}

/** Radio buttons or checkboxes under one legend, with one error for the group. */
export function ChoiceFieldset(
  props: Omit<FieldProps, 'label'> & {
    legend: string;
    type: 'radio' | 'checkbox';
    options: (Option & { hint?: string })[];
    checked: readonly string[];
    inline?: boolean;
    empty?: Child;
  },
) {
  const legend = `${props.id}-legend`;
  const messages = `${props.id}-messages`;
  const group = props.type === 'radio' ? 'fr-radio-group' : 'fr-checkbox-group';
  return (
    <fieldset
      class={`fr-fieldset${props.error ? ' fr-fieldset--error' : ''}`}
      id={props.id}
      role={props.type === 'radio' ? 'radiogroup' : 'group'}
      aria-labelledby={`${legend} ${messages}`}
    >
      <legend class="fr-fieldset__legend fr-fieldset__legend--regular" id={legend}>
        {props.legend}
        {props.hint ? <span class="fr-hint-text">{props.hint}</span> : null}
      </legend>
      {props.options.length === 0 && props.empty ? <div class="fr-fieldset__element">{props.empty}</div> : null}
      {props.options.map((option, index) => {
        const id = `${props.id}-${index}`;
        return (
          <div class={`fr-fieldset__element${props.inline ? ' fr-fieldset__element--inline' : ''}`}>
            <div class={group}>
              <input
                type={props.type}
                id={id}
                name={props.name}
                value={option.value}
                checked={props.checked.includes(option.value)}
              />
              <label class="fr-label" for={id}>
                {option.label}
                {option.hint ? <span class="fr-hint-text">{option.hint}</span> : null}
              </label>
            </div>
          </div>
        );
      })}
      <Messages id={messages} error={props.error} />
    </fieldset>
  );
}

/**
 * A short exclusive choice (A/B/C) drawn as a DSFR segmented control on one line: the legend
 * on the left, the options on the right, so a long grid stays aligned and quick to fill.
 */
export function SegmentedField(
  props: Omit<FieldProps, 'label'> & { legend: Child; options: Option[]; value?: string | undefined },
) {
  const messages = `${props.id}-messages`;
  return (
    <div class={`pc-segmented-row${props.error ? ' pc-segmented-row--error' : ''}`}>
      <fieldset class="fr-segmented" id={props.id} aria-describedby={props.error ? messages : undefined}>
        <legend class="fr-segmented__legend fr-segmented__legend--inline">
          {props.legend}
          {props.hint ? <span class="fr-hint-text">{props.hint}</span> : null}
        </legend>
        <div class="fr-segmented__elements">
          {props.options.map((option) => {
            const id = `${props.id}-${option.value}`;
            return (
              <div class="fr-segmented__element">
                <input
                  type="radio"
                  id={id}
                  name={props.name}
                  value={option.value}
                  checked={props.value === option.value}
                />
                <label class="fr-label" for={id}>
                  {option.label}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
      {props.error ? (
        <div class="fr-messages-group" id={messages}>
          <p class="fr-message fr-message--error">{props.error}</p>
        </div>
      ) : null}
    </div>
  );
}

/**
 * A part that can be folded away, drawn like a DSFR accordion but built on `<details>`, so it
 * opens and closes without JavaScript.
 */
export function Disclosure(props: { title: Child; open?: boolean | undefined; id?: string; children: Child }) {
  return (
    <details class="fr-accordion pc-disclosure" open={props.open} id={props.id}>
      <summary class="fr-accordion__btn">{props.title}</summary>
      <div class="pc-disclosure__body">{props.children}</div>
    </details>
  );
}

/** One checkbox on its own, for a yes/no choice such as a list filter. */
export function CheckboxField(props: { id: string; name: string; value: string; label: string; checked: boolean }) {
  return (
    <div class="fr-checkbox-group">
      <input type="checkbox" id={props.id} name={props.name} value={props.value} checked={props.checked} />
      <label class="fr-label" for={props.id}>
        {props.label}
      </label>
    </div>
  );
}
