import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { sloApiRef } from '../apis';
import { formatPercent } from '../format';
import { DataTable } from './DataTable';

/** The current quarter and the three before it, newest first (`2026-Q4`). */
export function recentQuarters(nowMs: number, count = 4): string[] {
  const d = new Date(nowMs);
  let year = d.getUTCFullYear();
  let q = Math.floor(d.getUTCMonth() / 3) + 1;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(`${year}-Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      year -= 1;
    }
  }
  return out;
}

/** A Group's SLOs over a quarter: met, missed, budget and escalation. */
export function TeamScorecard() {
  const { entity } = useEntity();
  const teamRef = stringifyEntityRef(entity);
  const api = useApi(sloApiRef);
  const quarters = recentQuarters(Date.now());
  const [quarter, setQuarter] = useState(quarters[0]);
  const { value, loading, error } = useAsync(
    () => api.getScorecard({ teamRef, quarter }),
    [api, teamRef, quarter],
  );
  return (
    <InfoCard
      title="SLO scorecard"
      action={
        <TextField
          select
          size="small"
          label="Quarter"
          value={quarter}
          onChange={e => setQuarter(e.target.value)}
        >
          {quarters.map(q => (
            <MenuItem key={q} value={q}>
              {q}
            </MenuItem>
          ))}
        </TextField>
      }
    >
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && value.slos.length === 0 && (
        <EmptyState
          missing="data"
          title="No SLOs owned by this team"
          description="SLOs belong to the owner of the Component they name."
        />
      )}
      {value && value.slos.length > 0 && (
        <>
          <Stack
            direction="row"
            spacing={3}
            role="status"
            aria-label="Scorecard summary"
            sx={{ mb: 1 }}
          >
            <Typography>met {value.summary.met}</Typography>
            <Typography color="error">missed {value.summary.missed}</Typography>
            <Typography color="text.secondary">
              too few events {value.summary.tooFewEvents}
            </Typography>
            <Typography color="text.secondary">
              no data {value.summary.noData}
            </Typography>
          </Stack>
          <DataTable
            label={`SLO scorecard for ${quarter}`}
            columns={[
              'SLO',
              'service',
              'objective',
              'SLI',
              'verdict',
              'budget remaining',
              'escalation',
            ]}
            empty=""
            rows={value.slos.map(s => ({
              key: s.sloRef,
              highlight: s.verdict === 'missed',
              cells: [
                s.title,
                s.entityRef,
                formatPercent(s.objective),
                formatPercent(s.total ? (s.good ?? 0) / s.total : undefined),
                s.verdict ?? 'no data',
                formatPercent(s.budgetRemaining, 1),
                s.escalation === 'none'
                  ? '–'
                  : `${s.escalation} (${s.consecutiveMissed} missed)`,
              ],
            }))}
          />
        </>
      )}
    </InfoCard>
  );
}
