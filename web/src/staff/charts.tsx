/** Bar charts by month in plain SVG, each with its figures as a table: the picture for those
who see it, the same numbers in a table for everyone (screen readers, zoom, copying). */

import { useId } from "preact/hooks";
import { st } from "./i18n";
import "./staff.css";

export interface Series {
  key: string;
  label: string;
}

// Dark enough on white for graphical objects (WCAG 1.4.11, 3:1) and told apart by the legend,
// the order of the stack and the table, not by colour alone.
const COLORS = ["#0b5cab", "#b35c00", "#2e7d32", "#8e24aa", "#c62828", "#00695c", "#5d4037"];
const WIDTH = 420;
const HEIGHT = 200;
const PAD = { left: 52, right: 8, top: 14, bottom: 30 };

export interface ChartProps {
  title: string;
  months: string[];
  series: Series[];
  value: (month: string, key: string) => number;
  stacked?: boolean;
  unit?: string;
}

export function BarChart(props: ChartProps) {
  const id = useId();
  const { months, series, value } = props;
  const totals = months.map((m) =>
    props.stacked
      ? series.reduce((sum, s) => sum + value(m, s.key), 0)
      : Math.max(0, ...series.map((s) => value(m, s.key))),
  );
  const top = niceMax(Math.max(1, ...totals));
  const summary = st("chartSummary", {
    title: props.title,
    n: months.length,
    max: format(Math.max(0, ...totals)),
  });
  return (
    <figure class="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>
        {props.title}
        {props.unit ? ` (${props.unit})` : ""}
      </figcaption>
      {months.length === 0 ? (
        <p>{st("noFigures")}</p>
      ) : (
        <>
          <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary}>
            <Axis top={top} />
            {months.map((month, i) => (
              <Bars
                key={month}
                index={i}
                count={months.length}
                top={top}
                {...props}
                month={month}
              />
            ))}
          </svg>
          <ul class="legend">
            {series.map((s, i) => (
              <li key={s.key}>
                <span class="swatch" style={{ background: COLORS[i % COLORS.length] }} />
                {s.label}
              </li>
            ))}
          </ul>
          <FiguresTable {...props} />
        </>
      )}
    </figure>
  );
}

function Axis({ top }: { top: number }) {
  const steps = [0, 0.5, 1];
  const plot = HEIGHT - PAD.top - PAD.bottom;
  return (
    <g>
      {steps.map((f) => {
        const y = PAD.top + plot * (1 - f);
        return (
          <g key={f}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} stroke="#c8ccd2" />
            <text x={PAD.left - 6} y={y + 4} text-anchor="end" font-size="14" fill="#333">
              {format(top * f)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

function Bars(props: ChartProps & { month: string; index: number; count: number; top: number }) {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / props.count;
  const x0 = PAD.left + slot * props.index + slot * 0.15;
  const inner = slot * 0.7;
  const scale = (v: number) => (v / props.top) * plotH;
  let stack = 0;
  return (
    <g>
      {props.series.map((s, i) => {
        const v = props.value(props.month, s.key);
        const h = scale(v);
        const color = COLORS[i % COLORS.length];
        if (props.stacked) {
          stack += h;
          return (
            <rect
              key={s.key}
              x={x0}
              y={PAD.top + plotH - stack}
              width={inner}
              height={h}
              fill={color}
            />
          );
        }
        const w = inner / props.series.length;
        return (
          <rect
            key={s.key}
            x={x0 + w * i}
            y={PAD.top + plotH - h}
            width={w}
            height={h}
            fill={color}
          />
        );
      })}
      <text x={x0 + inner / 2} y={HEIGHT - 8} text-anchor="middle" font-size="14" fill="#333">
        {props.month.slice(5)}
      </text>
    </g>
  );
}

function FiguresTable(props: ChartProps) {
  return (
    <details>
      <summary>{st("showTable", { title: props.title })}</summary>
      <table>
        <caption>{props.title}</caption>
        <thead>
          <tr>
            <th scope="col">{st("month")}</th>
            {props.series.map((s) => (
              <th key={s.key} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.months.map((m) => (
            <tr key={m}>
              <th scope="row">{m}</th>
              {props.series.map((s) => (
                <td key={s.key}>{format(props.value(m, s.key))}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function niceMax(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (value <= step * magnitude) return step * magnitude;
  }
  return value;
}

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
