import { useId } from "react";

import { formatPercent } from "~/utils/format";

/**
 * A horizontal bar chart of percentages, drawn as SVG on the server (no JavaScript). It is an image
 * with a title and a description that reads out every bar, and the page shows the same numbers in a
 * table beside it, so nothing is only visual. Bars use the brand red (7:1 on white); labels are text.
 */
export function PercentBarChart(props: {
  title: string;
  bars: { label: string; value: number | null; note?: string }[];
}) {
  const id = useId();
  const rowHeight = 28;
  const labelWidth = 220;
  const barWidth = 360;
  const width = labelWidth + barWidth + 70;
  const height = props.bars.length * rowHeight + 24;
  const description = props.bars
    .map((b) => `${b.label}: ${b.value === null ? "chưa có người được tính" : formatPercent(b.value)}`)
    .join("; ");
  const short = (s: string) => (s.length > 30 ? `${s.slice(0, 29)}…` : s);
  return (
    <figure className="chart">
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        style={{ maxWidth: width }}
      >
        <title id={`${id}-title`}>{props.title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {[0, 25, 50, 75, 100].map((tick) => (
          <g key={tick}>
            <line
              x1={labelWidth + (barWidth * tick) / 100}
              x2={labelWidth + (barWidth * tick) / 100}
              y1={0}
              y2={height - 20}
              stroke="#d0d7de"
            />
            <text
              x={labelWidth + (barWidth * tick) / 100}
              y={height - 6}
              fontSize="11"
              textAnchor="middle"
              fill="#57606a"
            >
              {tick}%
            </text>
          </g>
        ))}
        {props.bars.map((b, i) => {
          const y = i * rowHeight + 4;
          const w = b.value === null ? 0 : (barWidth * Math.max(0, Math.min(100, b.value))) / 100;
          return (
            <g key={i}>
              <text x={labelWidth - 8} y={y + 15} fontSize="12" textAnchor="end" fill="#1f2328">
                {short(b.label)}
              </text>
              <rect x={labelWidth} y={y + 3} width={w} height={rowHeight - 10} fill="#a3191f" rx="2" />
              <text x={labelWidth + w + 6} y={y + 15} fontSize="12" fill="#1f2328">
                {b.value === null ? "—" : formatPercent(b.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">{props.title}. Số liệu chi tiết ở bảng bên dưới.</figcaption>
    </figure>
  );
}
