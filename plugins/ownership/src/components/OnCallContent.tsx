import { Link } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { alertApiRef, useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type {
  EscalationTargetView,
  RoutingDecisionRecord,
} from '@steward/plugin-ownership-common';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../apis';
import { AsyncInfoCard } from './AsyncInfoCard';
import { formatUtc } from './format';
import { People } from './People';
import { RoutedAlerts } from './RoutedAlerts';

function NowAndNext(props: { entityRef: string }) {
  const api = useApi(ownershipApiRef);
  const state = useAsync(
    () => api.getOnCall({ entityRef: props.entityRef }),
    [api, props.entityRef],
  );
  return (
    <AsyncInfoCard
      title="On call now and next"
      subheader={value => `${value.groupRef} · ${value.provider}`}
      state={state}
      empty={value =>
        value.schedules.length === 0
          ? {
              title: 'The owning team has no rotation',
              description:
                'Add spec.oncall to the Group, or link its PagerDuty or Opsgenie schedule.',
            }
          : undefined
      }
    >
      {value => (
        <Table size="small" aria-label="On call per rotation">
          <TableHead>
            <TableRow>
              <TableCell>Rotation</TableCell>
              <TableCell>Now</TableCell>
              <TableCell>Next</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {value.schedules.map(s => (
              <TableRow key={s.scheduleId ?? s.schedule}>
                <TableCell>{s.schedule}</TableCell>
                <TableCell>
                  <People people={s.current} />
                  {s.currentUntilMs !== undefined &&
                    ` until ${formatUtc(s.currentUntilMs)}`}
                </TableCell>
                <TableCell>
                  <People people={s.next} />
                  {s.nextFromMs !== undefined &&
                    ` from ${formatUtc(s.nextFromMs)}`}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </AsyncInfoCard>
  );
}

function Target(props: { target: EscalationTargetView }) {
  const t = props.target;
  if (t.type === 'user') {
    return (
      <>
        user <People people={[t.person]} />
      </>
    );
  }
  if (t.type === 'team') {
    return (
      <>
        team{' '}
        {t.ref ? <EntityRefLink entityRef={t.ref} title={t.name} /> : t.name}
      </>
    );
  }
  return (
    <>
      rotation {t.name}
      {t.onCallNow && (
        <>
          {' '}
          (now <People people={t.onCallNow} />)
        </>
      )}
    </>
  );
}

function EscalationPolicy(props: { entityRef: string }) {
  const api = useApi(ownershipApiRef);
  const state = useAsync(
    () => api.getEscalation({ entityRef: props.entityRef }),
    [api, props.entityRef],
  );
  return (
    <AsyncInfoCard
      title="Escalation policy"
      subheader={value => value.policy?.name}
      state={state}
      empty={value =>
        value.policy
          ? undefined
          : {
              title: 'No escalation policy',
              description: 'An unacknowledged page goes nowhere else.',
            }
      }
    >
      {({ policy }) =>
        policy && (
          <>
            <ol aria-label="Escalation steps" style={{ margin: 0 }}>
              {policy.steps.map((step, i) => (
                <li key={i}>
                  <Typography variant="body2">
                    After {step.afterMinutes} min:{' '}
                    {step.targets.map((t, j) => (
                      <span key={j}>
                        {j > 0 && '; '}
                        <Target target={t} />
                      </span>
                    ))}
                  </Typography>
                </li>
              ))}
            </ol>
            <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
              {policy.repeat > 0
                ? `Starts over ${policy.repeat} times${
                    policy.repeatAfterMinutes !== undefined
                      ? `, ${policy.repeatAfterMinutes} min after the last step`
                      : ''
                  } while nobody acknowledges.`
                : 'Does not start over.'}
            </Typography>
          </>
        )
      }
    </AsyncInfoCard>
  );
}

/** Acknowledge an alert, and open a postmortem prefilled from it. */
function AlertActions(props: {
  decision: RoutingDecisionRecord;
  refresh: () => void;
}) {
  const api = useApi(ownershipApiRef);
  const alertApi = useApi(alertApiRef);
  const d = props.decision;
  return (
    <>
      {d.status === 'firing' && d.acknowledgedAt === undefined && (
        <Button
          size="small"
          variant="outlined"
          aria-label={`Acknowledge ${d.alertName} ${d.id}`}
          onClick={() =>
            api.acknowledgeDecision({ id: d.id }).then(props.refresh, e =>
              alertApi.post({
                message: `Could not acknowledge: ${e.message}`,
                severity: 'error',
              }),
            )
          }
        >
          Acknowledge
        </Button>
      )}
      <Link to={`../postmortems?fromDecision=${d.id}`}>Create postmortem</Link>
    </>
  );
}

/** The On-call tab: who is on call now and next, escalation, routed alerts. */
export function OnCallContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={7}>
        <NowAndNext entityRef={entityRef} />
      </Grid>
      <Grid item xs={12} md={5}>
        <EscalationPolicy entityRef={entityRef} />
      </Grid>
      <Grid item xs={12}>
        <RoutedAlerts
          actions={(decision, refresh) => (
            <AlertActions decision={decision} refresh={refresh} />
          )}
        />
      </Grid>
    </Grid>
  );
}
