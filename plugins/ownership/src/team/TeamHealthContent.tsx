import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@mui/material/Grid';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../apis';
import { AsyncInfoCard } from '../components/AsyncInfoCard';
import { DocsScore } from '../components/DocsScore';
import { formatDuration, formatShare } from '../components/format';

const WEEKS = 4;

function Figures(props: { label: string; items: Array<[string, string]> }) {
  return (
    <dl
      aria-label={props.label}
      style={{
        margin: 0,
        display: 'grid',
        gridTemplateColumns: 'max-content auto',
        columnGap: 16,
      }}
    >
      {props.items.map(([name, value]) => (
        <div key={name} style={{ display: 'contents' }}>
          <Typography component="dt" variant="body2" color="text.secondary">
            {name}
          </Typography>
          <Typography component="dd" variant="body2" sx={{ m: 0 }}>
            {value}
          </Typography>
        </div>
      ))}
    </dl>
  );
}

function AlertHygieneCard(props: { groupRef: string }) {
  const api = useApi(ownershipApiRef);
  const state = useAsync(async () => {
    const [hygiene, incidents] = await Promise.all([
      api.getHygiene({ ownerRef: props.groupRef, weeks: WEEKS }),
      api.getPostmortemStats({ ownerRef: props.groupRef }),
    ]);
    return { hygiene, incidents };
  }, [api, props.groupRef]);
  return (
    <AsyncInfoCard
      title="Alert hygiene"
      subheader={() => `Alerts routed to the team in the last ${WEEKS} weeks`}
      state={state}
    >
      {({ hygiene: h, incidents }) => (
        <>
          <Figures
            label="Alert hygiene figures"
            items={[
              [
                'Alerts',
                `${h.total} (${h.perWeek.join(', ')} per week, oldest first)`,
              ],
              ['Acknowledged', formatShare(h.acknowledgedShare)],
              ['Actioned', formatShare(h.actionedShare)],
              [
                'Repeated within 24 h',
                `${h.repeats} (${formatShare(h.repeatShare)})`,
              ],
              [
                'Without a runbook',
                `${h.withoutRunbook} (${formatShare(h.withoutRunbookShare)})`,
              ],
              ['Mean time to acknowledge', formatDuration(h.mttaMs)],
              ['Never acknowledged', String(h.unacknowledged)],
              ['Incidents (92 days)', String(incidents.incidents)],
              ['Mean time to restore', formatDuration(incidents.mttrMs)],
              ['Repeat incidents', String(incidents.repeats.length)],
            ]}
          />
          <Typography variant="subtitle2" sx={{ mt: 2 }}>
            Candidates to delete or demote
          </Typography>
          {h.unnecessary.length === 0 ? (
            <Typography variant="body2" color="text.secondary">
              None: every frequent alert led to action.
            </Typography>
          ) : (
            <List dense aria-label="Unnecessary alerts">
              {h.unnecessary.map(u => (
                <ListItem key={`${u.service} ${u.name}`} disableGutters>
                  <ListItemText
                    primary={`${u.name} on ${u.service}`}
                    secondary={u.reasons.join('; ')}
                  />
                </ListItem>
              ))}
            </List>
          )}
          {h.byAlert.length > 0 && (
            <Table size="small" aria-label="Alerts by name">
              <TableHead>
                <TableRow>
                  <TableCell>Alert</TableCell>
                  <TableCell>Service</TableCell>
                  <TableCell align="right">Fired</TableCell>
                  <TableCell align="right">Acknowledged</TableCell>
                  <TableCell align="right">Actioned</TableCell>
                  <TableCell align="right">Without runbook</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {h.byAlert.map(a => (
                  <TableRow key={`${a.service} ${a.name}`}>
                    <TableCell>{a.name}</TableCell>
                    <TableCell>
                      {a.service.includes(':') ? (
                        <EntityRefLink entityRef={a.service} />
                      ) : (
                        a.service
                      )}
                    </TableCell>
                    <TableCell align="right">{a.count}</TableCell>
                    <TableCell align="right">{a.acknowledged}</TableCell>
                    <TableCell align="right">{a.actioned}</TableCell>
                    <TableCell align="right">{a.withoutRunbook}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </>
      )}
    </AsyncInfoCard>
  );
}

function DocsHealthCard(props: { groupRef: string }) {
  const api = useApi(ownershipApiRef);
  const state = useAsync(
    () => api.getTeamDocsAudit({ groupRef: props.groupRef }),
    [api, props.groupRef],
  );
  return (
    <AsyncInfoCard
      title="Docs health"
      subheader={team =>
        team.score === undefined
          ? undefined
          : `Mean score ${Math.round(team.score)} of 100`
      }
      state={state}
      empty={team =>
        team.entities.length === 0
          ? {
              title: 'The team owns no Components',
              description: 'Docs are audited for the Components a Group owns.',
            }
          : undefined
      }
    >
      {team => (
        <Table size="small" aria-label="Docs health of the team's services">
          <TableHead>
            <TableRow>
              <TableCell>Service</TableCell>
              <TableCell>Score</TableCell>
              <TableCell>Change</TableCell>
              <TableCell>Findings</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {team.entities.map(e => (
              <TableRow key={e.entityRef}>
                <TableCell>
                  <EntityRefLink entityRef={e.entityRef} />
                </TableCell>
                <TableCell>
                  <DocsScore audit={e} />
                </TableCell>
                <TableCell>
                  {e.previous
                    ? `${e.score - e.previous.score >= 0 ? '+' : ''}${
                        e.score - e.previous.score
                      } since ${new Date(e.previous.at)
                        .toISOString()
                        .slice(0, 10)}`
                    : 'first audit'}
                </TableCell>
                <TableCell>
                  {e.findings.length === 0
                    ? 'none'
                    : e.findings.map(f => f.message).join('; ')}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </AsyncInfoCard>
  );
}

/** The Group page's Team health tab: alert hygiene and docs health. */
export function TeamHealthContent() {
  const { entity } = useEntity();
  const groupRef = stringifyEntityRef(entity);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <AlertHygieneCard groupRef={groupRef} />
      </Grid>
      <Grid item xs={12}>
        <DocsHealthCard groupRef={groupRef} />
      </Grid>
    </Grid>
  );
}
