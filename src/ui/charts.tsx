/**
 * Charts drawn on the server as SVG: no JavaScript, no inline style (the CSP forbids `style=`),
 * colours from classes in guichet.css. A chart is an image for assistive technologies
 * (`role="img"`, named by its `<title>` and described by its `<desc>`); the page must show the
 * same figures in a table beside it (RGAA 1.8 and 4.x: the table is the text alternative).
 */

export interface Bar {
  label: string;
  value: number;
}

/** Layout of the vertical bar chart, in SVG user units (the chart scales to its container). */
const WIDTH = 640;
const HEIGHT = 320;
const TOP = 36;
const BOTTOM = 48;
const SIDE = 16;

const numbers = new Intl.NumberFormat("fr-FR");

/** A round step for the top of the scale: 1, 2 or 5 times a power of ten, at least the largest value. */
export function scaleTop(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((factor) => factor * power).find((step) => step >= max)!;
}

/** The bars' geometry: what the SVG draws, computed apart so a test can check it. */
export function barLayout(bars: readonly Bar[]) {
  const top = scaleTop(Math.max(0, ...bars.map((bar) => bar.value)));
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - 2 * SIDE) / Math.max(bars.length, 1);
  const barWidth = Math.min(slot * 0.6, 96);
  return bars.map((bar, index) => {
    const height = Math.round((Math.max(bar.value, 0) / top) * plotHeight * 10) / 10;
    const x = Math.round((SIDE + slot * index + (slot - barWidth) / 2) * 10) / 10;
    return { ...bar, x, y: HEIGHT - BOTTOM - height, width: Math.round(barWidth * 10) / 10, height, centre: Math.round((x + barWidth / 2) * 10) / 10 };
  });
}

/**
 * A vertical bar chart with each bar's value written above it and its label below. `id` makes the
 * title and description ids unique on the page.
 */
export function BarChart(props: { id: string; title: string; description: string; bars: readonly Bar[] }) {
  const layout = barLayout(props.bars);
  const titleId = `${props.id}-title`;
  const descId = `${props.id}-desc`;
  return (
    <svg class="bar-chart" id={props.id} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${titleId} ${descId}`} xmlns="http://www.w3.org/2000/svg">
      <title id={titleId}>{props.title}</title>
      <desc id={descId}>{props.description}</desc>
      <line class="bar-chart__axis" x1={SIDE} x2={WIDTH - SIDE} y1={HEIGHT - BOTTOM} y2={HEIGHT - BOTTOM} />
      {layout.map((bar) => (
        <g class="bar-chart__item" data-value={String(bar.value)}>
          <rect class="bar-chart__bar" x={bar.x} y={bar.y} width={bar.width} height={bar.height} />
          <text class="bar-chart__value" x={bar.centre} y={bar.y - 8} text-anchor="middle">
            {numbers.format(bar.value)}
          </text>
          <text class="bar-chart__label" x={bar.centre} y={HEIGHT - BOTTOM + 32} text-anchor="middle">
            {bar.label}
          </text>
        </g>
      ))}
    </svg>
  );
}
