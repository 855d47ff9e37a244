import { BarChart, scaleTop, type Bar } from "../../ui/charts.tsx";
import type { Chart } from "./statistics.ts";

/*
 * The statistics' charts, drawn on the server as SVG (no JavaScript, no style attribute: colours
 * and sizes are classes of guichet.css). Each is an image named by its title and described by
 * its desc; the table under it holds the same figures.
 */

const numbers = new Intl.NumberFormat("fr-FR");
const round = (value: number) => Math.round(value * 10) / 10;

interface ChartText {
  id: string;
  title: string;
  description: string;
}

/** Groups of bars (one per series) side by side, a legend above: the requests by month or week. */
export function GroupedBarChart(props: ChartText & { series: string[]; groups: { label: string; values: number[] }[] }) {
  const width = 960;
  const height = 400;
  const top = 70;
  const bottom = 44;
  const side = 12;
  const plot = height - top - bottom;
  const max = scaleTop(Math.max(0, ...props.groups.flatMap((group) => group.values)));
  const slot = (width - 2 * side) / Math.max(props.groups.length, 1);
  const barWidth = (slot * 0.8) / Math.max(props.series.length, 1);
  return (
    <svg class="stats-chart" id={props.id} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`} xmlns="http://www.w3.org/2000/svg">
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.description}</desc>
      {props.series.map((name, index) => (
        <g class={`stats-chart__legend stats-chart__series--${index + 1}`}>
          <rect x={side + index * 230} y={12} width={22} height={22} />
          <text x={side + index * 230 + 30} y={30}>
            {name}
          </text>
        </g>
      ))}
      <line class="stats-chart__axis" x1={side} x2={width - side} y1={height - bottom} y2={height - bottom} />
      <text class="stats-chart__scale" x={width - side} y={top - 8} text-anchor="end">
        {`échelle : 0 à ${numbers.format(max)}`}
      </text>
      {props.groups.map((group, groupIndex) => {
        const left = side + slot * groupIndex + slot * 0.1;
        return (
          <g>
            {group.values.map((value, index) => {
              const barHeight = round((Math.max(value, 0) / max) * plot);
              return <rect class={`stats-chart__bar stats-chart__series--${index + 1}`} x={round(left + index * barWidth)} y={round(height - bottom - barHeight)} width={round(barWidth)} height={barHeight} />;
            })}
            <text class="stats-chart__label" x={round(side + slot * groupIndex + slot / 2)} y={height - bottom + 30} text-anchor="middle">
              {group.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Horizontal bars, the label above each bar and its value after it: long names (groups, agents). */
export function HorizontalBarChart(props: ChartText & { bars: readonly Bar[] }) {
  const width = 640;
  const row = 64;
  const height = Math.max(row, props.bars.length * row) + 8;
  const max = scaleTop(Math.max(0, ...props.bars.map((bar) => bar.value)));
  const plot = width - 140;
  return (
    <svg class="stats-chart stats-chart--horizontal" id={props.id} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`} xmlns="http://www.w3.org/2000/svg">
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.description}</desc>
      {props.bars.map((bar, index) => {
        const barWidth = round((Math.max(bar.value, 0) / max) * plot);
        const y = index * row;
        return (
          <g>
            <text class="stats-chart__label" x={0} y={y + 22}>
              {bar.label}
            </text>
            <rect class="stats-chart__bar stats-chart__series--1" x={0} y={y + 30} width={barWidth} height={24} />
            <text class="stats-chart__value" x={barWidth + 8} y={y + 50}>
              {numbers.format(bar.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function StatisticsChart(props: ChartText & { chart: Chart }) {
  const { chart, ...text } = props;
  if (chart.kind === "grouped") return <GroupedBarChart {...text} series={chart.series} groups={chart.groups} />;
  if (chart.kind === "horizontal") return <HorizontalBarChart {...text} bars={chart.bars} />;
  return <BarChart {...text} bars={chart.bars} />;
}
