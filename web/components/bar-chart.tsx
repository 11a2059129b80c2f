/** One bar: its label, its share (0 to 1) and how the value reads in words. */
export interface Bar {
  label: string;
  share: number;
  text: string;
}

const width = 640;
const labelWidth = 260;
const barHeight = 24;
const gap = 12;

/**
 * Horizontal bars drawn on the server as SVG, with no script: the title and the text alternative
 * (`desc`) name every value, and the page keeps the table beside it for who reads figures.
 */
export function BarChart(props: { id: string; title: string; bars: Bar[] }) {
  const height = props.bars.length * (barHeight + gap) + gap;
  const plot = width - labelWidth - 60;
  const description = props.bars.map((bar) => `${bar.label} : ${bar.text}`).join(' ; ');
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-labelledby={`${props.id}-titre ${props.id}-desc`}
      class="pc-chart"
    >
      <title id={`${props.id}-titre`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{description || 'Aucune donnée sur la période.'}</desc>
      {props.bars.map((bar, index) => {
        const y = gap + index * (barHeight + gap);
        const length = Math.max(0, Math.min(1, bar.share)) * plot;
        return (
          <g>
            <text x={labelWidth - 8} y={y + barHeight / 2} text-anchor="end" dominant-baseline="middle" font-size="13">
              {bar.label}
            </text>
            <rect x={labelWidth} y={y} width={length.toFixed(1)} height={barHeight} fill="#000091" />
            <text x={labelWidth + length + 6} y={y + barHeight / 2} dominant-baseline="middle" font-size="13">
              {bar.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
