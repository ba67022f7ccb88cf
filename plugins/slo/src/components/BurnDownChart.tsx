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
import type {
  BurnDownPoint,
  ErrorBudgetPolicy,
} from '@steward/plugin-slo-common';
import { formatPercent } from '../format';

/** Error budget remaining over the SLO window, with the policy's lines. */
export function BurnDownChart(props: {
  title: string;
  points: BurnDownPoint[];
  policy: ErrorBudgetPolicy;
}) {
  const theme = useTheme();
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
        <LineChart
          data={data}
          margin={{ top: 8, right: 16, left: 0, bottom: 0 }}
        >
          <CartesianGrid stroke={theme.palette.divider} strokeDasharray="3 3" />
          <XAxis
            dataKey="day"
            stroke={theme.palette.text.secondary}
            fontSize={12}
          />
          <YAxis
            domain={[0, 1]}
            tickFormatter={v => formatPercent(v, 0)}
            stroke={theme.palette.text.secondary}
            fontSize={12}
          />
          <Tooltip
            formatter={v => formatPercent(v as number, 2)}
            contentStyle={{
              background: theme.palette.background.paper,
              color: theme.palette.text.primary,
            }}
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
