import type { Child } from 'hono/jsx';

/** The DSFR table frame; the caption names the table for screen readers even when hidden. */
export function DataTable(props: {
  caption: string;
  hideCaption?: boolean;
  /** Long cell contents wrap instead of widening the table. */
  multiline?: boolean;
  columns: string[];
  children: Child;
}) {
  const modifiers = `${props.hideCaption ? ' fr-table--no-caption' : ''}${props.multiline ? ' fr-table--multiline' : ''}`;
  return (
    <div class={`fr-table${modifiers}`}>
      <div class="fr-table__wrapper">
        <div class="fr-table__container">
          <div class="fr-table__content">
            <table>
              <caption>{props.caption}</caption>
              <thead>
                <tr>
                  {props.columns.map((column) => (
                    <th scope="col">{column}</th>
                  ))}
                </tr>
              </thead>
              <tbody>{props.children}</tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}
