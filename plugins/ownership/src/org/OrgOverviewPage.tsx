import { Content } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Alert from '@mui/material/Alert';
import Grid from '@mui/material/Grid';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type {
  OrgMetrics,
  ReliabilityMetrics,
} from '@steward/plugin-ownership-common';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../apis';
import { AsyncInfoCard } from '../components/AsyncInfoCard';
import { formatDuration, formatShare } from '../components/format';
import { ChartLine, OrgMetricsChart } from './OrgMetricsChart';

/** Weekly moments over the last quarter, each over the 4 weeks before it. */
const QUERY = { points: 13, stepWeeks: 1, weeks: 4 };

const SHARES: Array<[keyof ReliabilityMetrics['shares'], string]> = [
  ['withOwner', 'with an owner'],
  ['completeDocs', 'complete docs'],
  ['freshDocs', 'fresh docs'],
  ['withSlo', 'with an SLO'],
  ['tracesSeen', 'traces seen'],
  ['withOnCall', 'with on-call'],
];

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const round1 = (value: number) => `${Math.round(value * 10) / 10}`;

function shareLines(series: OrgMetrics[]): ChartLine[] {
  return SHARES.map(([key, name]) => ({
    name,
    values: series.map(m => m.org.shares[key]),
  }));
}

function reliabilityRow(m: ReliabilityMetrics) {
  return [
    String(m.components),
    ...SHARES.map(([key]) => formatShare(m.shares[key])),
    round1(m.alertsPerWeek),
    formatShare(m.noiseShare),
    String(m.incidents),
    formatDuration(m.mttrMs),
    formatShare(m.changeFailureRate),
    String(m.repeatIncidents),
  ];
}

const COLUMNS = [
  'Components',
  ...SHARES.map(([, name]) => name),
  'Alerts a week',
  'Noise',
  'Incidents',
  'MTTR',
  'Change failure rate',
  'Repeat incidents',
];

function MetricsTable(props: {
  label: string;
  first: string;
  rows: Array<{ key: string; head: React.ReactNode; m: ReliabilityMetrics }>;
}) {
  return (
    <Table
      size="small"
      aria-label={props.label}
      sx={{ '& th': { whiteSpace: 'nowrap' } }}
    >
      <TableHead>
        <TableRow>
          <TableCell>{props.first}</TableCell>
          {COLUMNS.map(c => (
            <TableCell key={c} align="right">
              {c}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.rows.map(r => (
          <TableRow key={r.key}>
            <TableCell component="th" scope="row">
              {r.head}
            </TableCell>
            {reliabilityRow(r.m).map((cell, i) => (
              <TableCell key={COLUMNS[i]} align="right">
                {cell}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * The org overview page: ownership coverage and reliability across the
 * organisation, week by week over the last quarter, and each team now.
 */
export function OrgOverviewPage() {
  const api = useApi(ownershipApiRef);
  const state = useAsync(() => api.getOrgMetrics(QUERY), [api]);
  return (
    <Content>
      <Grid container spacing={3}>
        {state.value && state.value.problems.length > 0 && (
          <Grid item xs={12}>
            <Alert severity="warning">
              Some figures are missing: {state.value.problems.join('; ')}
            </Alert>
          </Grid>
        )}
        <Grid item xs={12}>
          <AsyncInfoCard
            title="Org metrics over time"
            subheader={() =>
              'Each week over the quarter; alerts, incidents and deploys over the 4 weeks before. Ownership, docs, SLOs and on-call are the catalog as it is now.'
            }
            state={state}
            empty={({ series }) =>
              series.length === 0
                ? {
                    title: 'No figures yet',
                    description: 'The backend returned no moments.',
                  }
                : undefined
            }
          >
            {({ series }) => {
              const moments = series.map(m => day(m.toMs));
              return (
                <Grid container spacing={2}>
                  <Grid item xs={12} md={6}>
                    <Typography variant="subtitle1" component="h3">
                      Components
                    </Typography>
                    <OrgMetricsChart
                      label="Share of Components with an owner, docs, SLOs, traces and on-call, week by week"
                      moments={moments}
                      lines={shareLines(series)}
                      format={v => formatShare(v)}
                      domain={[0, 1]}
                    />
                  </Grid>
                  <Grid item xs={12} md={6}>
                    <Typography variant="subtitle1" component="h3">
                      Alerts and incidents
                    </Typography>
                    <OrgMetricsChart
                      label="Alerts a week and incidents, week by week"
                      moments={moments}
                      lines={[
                        {
                          name: 'alerts a week',
                          values: series.map(m => m.org.alertsPerWeek),
                        },
                        {
                          name: 'incidents',
                          values: series.map(m => m.org.incidents),
                        },
                        {
                          name: 'repeat incidents',
                          values: series.map(m => m.org.repeatIncidents),
                        },
                      ]}
                      format={round1}
                    />
                  </Grid>
                  <Grid item xs={12} sx={{ overflowX: 'auto' }}>
                    <MetricsTable
                      label="Org metrics by week"
                      first="Week ending"
                      rows={series.map((m, i) => ({
                        key: moments[i],
                        head: moments[i],
                        m: m.org,
                      }))}
                    />
                  </Grid>
                </Grid>
              );
            }}
          </AsyncInfoCard>
        </Grid>
        {state.value && state.value.series.length > 0 && (
          <OrgNow latest={state.value.series[state.value.series.length - 1]} />
        )}
      </Grid>
    </Content>
  );
}

function OrgNow(props: { latest: OrgMetrics }) {
  const { latest } = props;
  return (
    <>
      <Grid item xs={12} sx={{ overflowX: 'auto' }}>
        <AsyncInfoCard
          title="Teams now"
          state={{ value: latest, loading: false }}
          empty={m =>
            m.teams.length === 0
              ? { title: 'No teams in the catalog' }
              : undefined
          }
        >
          {m => (
            <MetricsTable
              label="Org metrics by team"
              first="Team"
              rows={m.teams.map(t => ({
                key: t.group,
                head: <EntityRefLink entityRef={t.group} />,
                m: t,
              }))}
            />
          )}
        </AsyncInfoCard>
      </Grid>
      <Grid item xs={12}>
        <AsyncInfoCard
          title="Components without an owner"
          state={{ value: latest.unownedComponents, loading: false }}
        >
          {refs =>
            refs.length === 0 ? (
              <Typography variant="body2">
                Every Component has an owner in the catalog.
              </Typography>
            ) : (
              <ul aria-label="Unowned Components">
                {refs.map(ref => (
                  <li key={ref}>
                    <EntityRefLink entityRef={ref} />
                  </li>
                ))}
              </ul>
            )
          }
        </AsyncInfoCard>
      </Grid>
    </>
  );
}
