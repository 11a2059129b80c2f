/**
 * The few rules DSFR has no class for: accordions that work without JavaScript (on `<details>`),
 * the one-line rows of the AGGIR grid, and narrow inputs. Everything else is DSFR as is.
 */
export const pageStyles = `
/* The content of <details> sits in a UA slot that breaks DSFR's inherited border-box sizing. */
details > * { box-sizing: border-box; }
.pc-disclosure > summary { list-style: none; cursor: pointer; }
.pc-disclosure > summary::-webkit-details-marker { display: none; }
.pc-disclosure > summary:hover { background-color: var(--background-default-grey-hover); }
.pc-disclosure[open] > summary { background-color: var(--background-open-blue-france); }
.pc-disclosure[open] > summary::after { transform: rotate(-180deg); }
.pc-disclosure__body { padding: 1rem 0.25rem 1.5rem; }
.pc-aggir-grid { max-width: 44rem; }
.pc-segmented-row { border-bottom: 1px solid var(--border-default-grey); padding: 0.5rem 0; }
.pc-segmented-row .fr-segmented { display: flex; flex-wrap: wrap; width: 100%; justify-content: space-between; gap: 0.5rem 1rem; }
.pc-segmented-row .fr-segmented__legend--inline ~ .fr-segmented__elements { margin-left: 0; }
.pc-segmented-row--error { box-shadow: inset 2px 0 0 0 var(--border-plain-error); padding-left: 0.75rem; }
.pc-segmented-row .fr-messages-group { margin-top: 0.25rem; }
.pc-confirm > summary { list-style: none; }
.pc-confirm > summary::-webkit-details-marker { display: none; }
.pc-aggir-group { border: 0; padding: 0; margin: 1.5rem 0 0; min-width: 0; }
.pc-aggir-group > legend { font-weight: 700; padding: 0; margin-bottom: 0.25rem; }
.pc-input--short { max-width: 12rem; }
.pc-quote { white-space: pre-line; border-left: 2px solid var(--border-default-grey); padding-left: 1rem; margin-bottom: 0.75rem; }
.pc-dossier { padding-left: 0; }
.pc-dossier dt { font-weight: 700; margin-top: 0.75rem; }
.pc-dossier dd { margin-left: 0; padding-left: 0; white-space: pre-line; }
.pc-tasks { list-style: none; padding: 0; margin: 0; }
.pc-task { border: 1px solid var(--border-default-grey); padding: 1rem 1.25rem; margin-bottom: 1rem; }
.pc-task__head { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.5rem 1rem; margin-bottom: 0.5rem; }
.pc-task .pc-actions { margin-top: 0.75rem; }
.pc-actions { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
/* The confirmation modal is a native <dialog> (top layer): DSFR's overlay, not the browser's box. */
dialog.fr-modal { max-width: none; max-height: none; }
dialog.fr-modal::backdrop { background: transparent; }
`;
