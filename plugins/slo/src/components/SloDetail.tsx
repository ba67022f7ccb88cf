import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import type { SloDetailResponse } from '@steward/plugin-slo-common';
import { lazy, ReactNode, Suspense } from 'react';
import {
  formatDuration,
  formatNumber,
  formatPercent,
  formatTime,
} from '../format';
import { DataTable } from './DataTable';
import { GateChip } from './GateChip';

// The chart library is the tab's largest part: the figures show first.
const BurnDownChart = lazy(() =>
  import('./BurnDownChart').then(m => ({ default: m.BurnDownChart })),
);

const ESCALATION: Record<SloDetailResponse['escalation']['level'], string> = {
  none: 'none',
  'team-retro': 'team retro and corrective plan',
  'sre-leadership': 'SRE leadership engaged',
  'executive-decision': 'executive decision: invest or relax the target',
};

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box component="section" aria-label={props.title} sx={{ mt: 2 }}>
      <Typography variant="subtitle2" component="h4" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

/** Everything the SLO engine knows about one SLO. */
export function SloDetail(props: { slo: SloDetailResponse }) {
  const { slo } = props;
  const ev = slo.evaluation;
  const interval = ev.sli.interval;
  return (
    <Box>
      {slo.definition.problems.length > 0 && (
        <Alert severity="warning" sx={{ mb: 1 }}>
          {slo.definition.problems.join('; ')}
        </Alert>
      )}
      {ev.state !== 'ok' && (
        <Alert severity="info" sx={{ mb: 1 }}>
          {ev.state === 'too-few-events'
            ? 'Too few events to judge this SLO: one failure more or less would change the verdict.'
            : ev.reason ?? `State: ${ev.state}`}
        </Alert>
      )}
      <Grid container spacing={2}>
        <Grid item xs={12} md={5}>
          <dl style={{ margin: 0 }}>
            <Typography component="dt" variant="caption" color="text.secondary">
              Objective
            </Typography>
            <Typography component="dd" sx={{ m: 0 }}>
              {formatPercent(slo.objective)} over{' '}
              {formatDuration(ev.window.periodMs)} (
              {slo.definition.budgetingMethod})
            </Typography>
            <Typography component="dt" variant="caption" color="text.secondary">
              SLI
            </Typography>
            <Typography component="dd" sx={{ m: 0 }}>
              {formatPercent(ev.sli.ratio)}{' '}
              {interval && (
                <span aria-label="Wilson 95% interval">
                  (95% interval {formatPercent(interval.lower)} –{' '}
                  {formatPercent(interval.upper)})
                </span>
              )}{' '}
              from {formatNumber(ev.sli.good, 0)} good of{' '}
              {formatNumber(ev.sli.total, 0)}
            </Typography>
            <Typography component="dt" variant="caption" color="text.secondary">
              Error budget remaining
            </Typography>
            <Typography component="dd" sx={{ m: 0 }}>
              {formatPercent(ev.budget.remainingFraction, 1)} (
              {formatNumber(ev.budget.actualBad, 0)} bad of{' '}
              {formatNumber(ev.budget.allowedBad, 1)} allowed)
            </Typography>
            <Typography component="dt" variant="caption" color="text.secondary">
              Gate
            </Typography>
            <Typography component="dd" sx={{ m: 0 }}>
              <GateChip decision={ev.gate} size="small" /> warn at{' '}
              {formatPercent(ev.policy.warnAt, 0)}, freeze at{' '}
              {formatPercent(ev.policy.freezeAt, 0)} consumed
            </Typography>
            <Typography component="dt" variant="caption" color="text.secondary">
              Escalation
            </Typography>
            <Typography component="dd" sx={{ m: 0 }}>
              {ESCALATION[slo.escalation.level]} (
              {slo.escalation.consecutiveMissed} consecutive missed quarters)
              {slo.escalation.crossTeamPostmortem &&
                '; major incident: cross-team postmortem needed'}
            </Typography>
          </dl>
        </Grid>
        <Grid item xs={12} md={7}>
          <Suspense fallback={<Box sx={{ height: 220 }} />}>
            <BurnDownChart
              title={slo.title}
              points={ev.burnDown}
              policy={ev.policy}
            />
          </Suspense>
        </Grid>
      </Grid>

      <Section title="Burn rates">
        <DataTable
          label={`Burn rates of ${slo.title}`}
          columns={['window', 'burn rate']}
          empty="No burn rates computed."
          rows={ev.burnRates.map(b => ({
            key: b.name,
            cells: [b.name, formatNumber(b.burnRate)],
            highlight: (b.burnRate ?? 0) >= 1,
          }))}
        />
      </Section>

      <Section title="Alerts">
        <DataTable
          label={`Burn-rate alerts of ${slo.title}`}
          columns={[
            'alert',
            'severity',
            'windows',
            'factor',
            'long burn',
            'short burn',
            'state',
          ]}
          empty="No alert windows."
          rows={ev.alerts.map(a => ({
            key: a.name,
            highlight: a.firing,
            cells: [
              a.name,
              a.severity,
              `${formatDuration(a.longWindowMs)} / ${formatDuration(
                a.shortWindowMs,
              )}`,
              formatNumber(a.factor),
              formatNumber(a.longBurn),
              formatNumber(a.shortBurn),
              a.firing ? (
                <Chip size="small" color="error" label="firing" />
              ) : (
                'ok'
              ),
            ],
          }))}
        />
      </Section>

      <Section title="Quarterly history">
        <DataTable
          label={`Quarterly compliance of ${slo.title}`}
          columns={['quarter', 'SLI', 'events', 'verdict']}
          empty="No finished quarters yet."
          rows={ev.quarters.map(q => ({
            key: `${q.year}-Q${q.quarter}`,
            highlight: q.verdict === 'missed',
            cells: [
              `${q.year}-Q${q.quarter}`,
              formatPercent(q.total > 0 ? q.good / q.total : undefined),
              formatNumber(q.total, 0),
              q.verdict,
            ],
          }))}
        />
      </Section>

      <Section title="Dependency contribution (last hour)">
        <DataTable
          label={`Dependency contribution to ${slo.title}`}
          columns={[
            'dependency',
            'calls',
            'errors',
            'slow',
            'share of errors',
            'share of slow',
          ]}
          empty="No downstream calls observed in the last hour."
          rows={(slo.dependencyContribution?.ranked ?? []).map(d => ({
            key: d.server,
            cells: [
              d.server,
              formatNumber(d.calls, 0),
              formatNumber(d.errors, 0),
              formatNumber(d.slow, 0),
              formatPercent(d.errorShare, 1),
              formatPercent(d.slowShare, 1),
            ],
          }))}
        />
        {slo.dependencyContribution && (
          <Typography variant="caption" color="text.secondary">
            Not explained by dependencies:{' '}
            {formatPercent(
              slo.dependencyContribution.unexplained.errorShare,
              1,
            )}{' '}
            of errors,{' '}
            {formatPercent(slo.dependencyContribution.unexplained.slowShare, 1)}{' '}
            of slow requests.
          </Typography>
        )}
      </Section>

      <Section title="Derived objectives for dependencies">
        <DataTable
          label={`Derived objectives for the dependencies of ${slo.title}`}
          columns={[
            'dependency',
            'critical',
            'calls per request',
            'suggested',
            'reasoning',
          ]}
          empty="No dependencies to derive objectives for."
          rows={(slo.derivedObjectives ?? []).map(d => ({
            key: d.name,
            cells: [
              d.name,
              d.critical ? 'yes' : 'no',
              formatNumber(d.callsPerRequest),
              formatPercent(d.suggested),
              d.reasoning,
            ],
          }))}
        />
        {slo.derivedLatencyObjective && (
          <Typography variant="body2" sx={{ mt: 1 }}>
            Latency: each downstream call needs quantile{' '}
            {formatPercent(slo.derivedLatencyObjective.perCallQuantile)} at{' '}
            {slo.derivedLatencyObjective.thresholdMs} ms.{' '}
            {slo.derivedLatencyObjective.reasoning}
          </Typography>
        )}
      </Section>
      <Typography variant="caption" color="text.secondary">
        Evaluated {formatTime(ev.evaluatedAt)} UTC
      </Typography>
    </Box>
  );
}
