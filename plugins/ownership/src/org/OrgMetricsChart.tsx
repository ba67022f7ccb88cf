import { useTheme } from '@mui/material/styles';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { chartStyle } from '@steward/plugin-slo-common';

/** One line of a chart: the value at each moment, or undefined for none. */
export type ChartLine = {
  name: string;
  values: Array<number | undefined>;
};

/**
 * Lines over the same moments, themed by the app. The figure's label says
 * what it plots; the numbers are in the table beside it for screen readers.
 */
export function OrgMetricsChart(props: {
  label: string;
  moments: string[];
  lines: ChartLine[];
  format: (value: number) => string;
  domain?: [number, number];
}) {
  const theme = useTheme();
  const style = chartStyle(theme.palette);
  const colors = [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    theme.palette.success.main,
    theme.palette.warning.main,
    theme.palette.error.main,
    theme.palette.info.main,
  ];
  const data = props.moments.map((moment, i) => ({
    moment,
    ...Object.fromEntries(props.lines.map(l => [l.name, l.values[i]])),
  }));
  return (
    <figure aria-label={props.label} style={{ margin: 0, height: 260 }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={style.margin}>
          <CartesianGrid {...style.grid} />
          <XAxis dataKey="moment" {...style.axis} />
          <YAxis
            domain={props.domain ?? [0, 'auto']}
            tickFormatter={props.format}
            {...style.axis}
          />
          <Tooltip
            formatter={v => props.format(v as number)}
            contentStyle={style.tooltip.contentStyle}
          />
          <Legend />
          {props.lines.map((l, i) => (
            <Line
              key={l.name}
              type="linear"
              dataKey={l.name}
              stroke={colors[i % colors.length]}
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
