import {
  type ExistingSupport,
  type ScreeningBracket,
  type ScreeningEvaluation,
  type ScreeningGrid,
  screeningDomains,
  screeningGrid,
} from '../../domain/pco/screening.ts';
import { ChoiceFieldset } from './fields.tsx';

/** The bracket's warning signs, one group per domain, then the signs that count at any age. */
export function ScreeningGridFields(props: {
  grid: ScreeningGrid;
  bracket: ScreeningBracket;
  checkedItems: readonly string[];
  generalSigns: readonly string[];
}) {
  const { grid, bracket } = props;
  return (
    <>
      {screeningDomains.map((domain) => {
        const items = bracket.items[domain] ?? [];
        if (items.length === 0) return null;
        return (
          <ChoiceFieldset
            id={`signes-${domain}`}
            name="signes"
            type="checkbox"
            legend={grid.domains[domain]}
            options={items.map((item) => ({ value: item.id, label: item.text }))}
            checked={props.checkedItems}
          />
        );
      })}
      <ChoiceFieldset
        id="signes-generaux"
        name="signesGeneraux"
        type="checkbox"
        legend="Signes à prendre en compte quel que soit l’âge"
        options={grid.generalSigns.map((sign) => ({ value: sign.id, label: sign.text }))}
        checked={props.generalSigns}
      />
    </>
  );
}

/** What the rule suggests and why; the physician decides. */
export function ScreeningSuggestion(props: { evaluation: ScreeningEvaluation; grid: ScreeningGrid }) {
  const { evaluation } = props;
  const tone = evaluation.suggestsOrientation ? 'fr-alert--info' : 'fr-alert--warning';
  return (
    <div class={`fr-alert ${tone} fr-mb-4w`} id="suggestion" role="status" tabindex={-1}>
      <h3 class="fr-alert__title">
        {evaluation.suggestsOrientation
          ? 'La grille suggère une orientation vers la PCO'
          : 'La grille ne suggère pas d’orientation'}
      </h3>
      <ul>
        {evaluation.reasons.map((reason) => (
          <li>{reason}</li>
        ))}
      </ul>
      <p class="fr-text--sm fr-mb-0">
        {props.grid.defaultRule.explanation} Grille « {props.grid.title} », version {props.grid.version}.
      </p>
    </div>
  );
}

/**
 * What the physician said of rights and support the child already has: shown to the platform's
 * doctor, who may decline the orientation when a CDAPH decision already gives equivalent care.
 */
function ExistingSupportEntries(props: { support: ExistingSupport }) {
  const { mdphRights, esmsSupport } = props.support;
  return (
    <>
      <dt>Droits ouverts à la MDPH</dt>
      <dd>{mdphRights ? 'Oui' : 'Non'}</dd>
      <dt>Accompagnement par un ESMS</dt>
      <dd>
        {esmsSupport ? 'Oui' : 'Non'}
        {mdphRights || esmsSupport ? (
          <p class="fr-text--sm fr-mb-0">
            À apprécier par le médecin de la plateforme : si une décision de la CDAPH assure déjà un accompagnement
            équivalent, la prescription peut ne pas être validée pour ce motif.
          </p>
        ) : null}
      </dd>
    </>
  );
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The screening recorded with an orientation, as the platform and the physician read it. */
export function ScreeningSummary(props: { evaluation: ScreeningEvaluation }) {
  const { evaluation } = props;
  const grid = screeningGrid(evaluation.gridVersion);
  const bracket = grid?.brackets.find((candidate) => candidate.id === evaluation.bracketId);
  const domains = evaluation.domainsWithSigns.map((domain) => grid?.domains[domain] ?? domain);
  const general = [
    evaluation.regression ? 'régression ou absence de progression' : undefined,
    evaluation.parentalConcern ? 'inquiétude des parents' : undefined,
    evaluation.atypicalBehaviour ? 'comportements atypiques' : undefined,
  ].filter((text): text is string => text !== undefined);
  return (
    <section aria-labelledby="reperage" class="fr-mb-6w">
      <h2 id="reperage" class="fr-h4">
        Repérage
      </h2>
      <dl class="pc-dossier fr-mb-2w">
        <dt>Grille utilisée</dt>
        <dd>
          {grid ? `${grid.title}, version ${grid.version}` : evaluation.gridVersion}
          {bracket ? ` — tranche « ${bracket.label} »` : ''}
        </dd>
        <dt>Domaines avec des signes d’alerte</dt>
        <dd>{domains.length > 0 ? domains.join(', ') : 'Aucun'}</dd>
        <dt>Signes quel que soit l’âge</dt>
        <dd>{general.length > 0 ? capitalised(general.join(', ')) : 'Aucun'}</dd>
        <dt>Suggestion de la grille</dt>
        <dd>
          {evaluation.suggestsOrientation ? 'Orientation suggérée' : 'Orientation non suggérée'}
          <ul class="fr-mb-0">
            {evaluation.reasons.map((reason) => (
              <li>{reason}</li>
            ))}
          </ul>
        </dd>
        <dt>Décision du médecin</dt>
        <dd>Écart inhabituel de développement constaté et confirmé par le médecin</dd>
        {evaluation.existingSupport ? <ExistingSupportEntries support={evaluation.existingSupport} /> : null}
      </dl>
    </section>
  );
}
