import { useTheme } from '@mui/material/styles';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  chartStyle,
  type BurnDownPoint,
  type ErrorBudgetPolicy,
} from '@steward/plugin-slo-common';
import { formatPercent } from '../format';

/** Error budget remaining over the SLO window, with the policy's lines. */
export function BurnDownChart(props: {
  title: string;
  points: BurnDownPoint[];
  policy: ErrorBudgetPolicy;
}) {
  const theme = useTheme();
  const style = chartStyle(theme.palette);
  const data = props.points.map(p => ({
    day: new Date(p.timeMs).toISOString().slice(0, 10),
    remaining: p.remainingFraction,
  }));
  const last = props.points[props.points.length - 1]?.remainingFraction;
  return (
    <figure
      aria-label={`Error budget burn-down of ${props.title}: ${formatPercent(
        last,
        1,
      )} remaining`}
      style={{ margin: 0, height: 220 }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={style.margin}>
          <CartesianGrid {...style.grid} />
          <XAxis dataKey="day" {...style.axis} />
          <YAxis
            domain={[0, 1]}
            tickFormatter={v => formatPercent(v, 0)}
            {...style.axis}
          />
          <Tooltip
            formatter={v => formatPercent(v as number, 2)}
            contentStyle={style.tooltip.contentStyle}
          />
          {(
            [
              ['warn', props.policy.warnAt, theme.palette.warning.main],
              ['freeze', props.policy.freezeAt, theme.palette.error.main],
            ] as const
          ).map(([name, consumed, color]) => (
            <ReferenceLine
              key={name}
              y={1 - consumed}
              stroke={color}
              strokeDasharray="4 4"
              label={{ value: name, fill: color, fontSize: 11 }}
            />
          ))}
          <Line
            type="stepAfter"
            dataKey="remaining"
            name="budget remaining"
            stroke={theme.palette.primary.main}
            dot={false}
            isAnimationActive={false}
            connectNulls
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
