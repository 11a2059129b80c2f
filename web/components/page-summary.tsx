/** The DSFR "sommaire" of a long page: links to its sections, in order. */
export function PageSummary(props: { sections: readonly (readonly [anchor: string, label: string])[] }) {
  return (
    <div class="fr-grid-row fr-mb-6w">
      <div class="fr-col-12 fr-col-md-6">
        <nav class="fr-summary" aria-labelledby="sommaire-titre">
          <p class="fr-summary__title" id="sommaire-titre">
            Sommaire
          </p>
          <ol class="fr-summary__list">
            {props.sections.map(([anchor, label]) => (
              <li>
                <a class="fr-summary__link" href={`#${anchor}`}>
                  {label}
                </a>
              </li>
            ))}
          </ol>
        </nav>
      </div>
    </div>
  );
}
