/**
 * DSFR pagination, one for every paged list: first, previous, the pages around this one, next, last
 * (links only where they lead elsewhere), and « Page N sur M » for screen readers and the eye.
 */
export function Pagination(props: { page: number; pageCount: number; href: (page: number) => string; label?: string }) {
  const { page, pageCount } = props;
  if (pageCount <= 1) return null;
  const around = [page - 2, page - 1, page, page + 1, page + 2].filter((n) => n >= 1 && n <= pageCount);
  const edge = (target: number, modifier: string, label: string) =>
    target === page ? null : (
      <li>
        <a class={`fr-pagination__link fr-pagination__link--${modifier}`} href={props.href(target)}>
          {label}
        </a>
      </li>
    );
  return (
    <nav class="fr-pagination fr-mt-4w" aria-label={props.label ?? 'Pagination'}>
      <p class="fr-text--sm fr-mb-1w">
        Page {page} sur {pageCount}
      </p>
      <ul class="fr-pagination__list">
        {edge(1, 'first', 'Première page')}
        {page > 1 ? edge(page - 1, 'prev fr-pagination__link--lg-label', 'Page précédente') : null}
        {around.map((n) => (
          <li>
            <a
              class="fr-pagination__link"
              href={props.href(n)}
              aria-current={n === page ? 'page' : undefined}
              title={`Page ${n}`}
            >
              {String(n)}
            </a>
          </li>
        ))}
        {page < pageCount ? edge(page + 1, 'next fr-pagination__link--lg-label', 'Page suivante') : null}
        {edge(pageCount, 'last', 'Dernière page')}
      </ul>
    </nav>
  );
}
