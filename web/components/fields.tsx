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
    type?: 'text' | 'date';
    required?: boolean;
    autocomplete?: string;
    min?: string;
    max?: string;
    inputmode?: 'numeric' | 'text';
  },
) {
  const messages = `${props.id}-messages`;
  return (
    <div class={`fr-input-group${props.error ? ' fr-input-group--error' : ''}`}>
      <Label for={props.id} label={props.label} hint={props.hint} />
      <input
        class="fr-input"
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
  props: FieldProps & { value?: string | undefined; options: Option[]; placeholder: string; required?: boolean },
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
        <option value="" selected={!props.value} disabled>
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
