import { Link } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import type { RoutingDecisionRecord } from '@steward/plugin-ownership-common';
import { ReactNode } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ownershipApiRef } from '../apis';
import { AsyncInfoCard } from './AsyncInfoCard';
import { formatUtc } from './format';

/**
 * The alerts routed to the current entity, newest first, each with its
 * trace path, the explanation of the routing and a link to the trace.
 * `actions` adds controls per alert; `refresh` reloads the list after one.
 */
export function RoutedAlerts(props: {
  actions?: (decision: RoutingDecisionRecord, refresh: () => void) => ReactNode;
}) {
  const { entity } = useEntity();
  const api = useApi(ownershipApiRef);
  const state = useAsyncRetry(
    () =>
      api.listRoutingDecisions({
        entityRef: stringifyEntityRef(entity),
        limit: 20,
      }),
    [api, entity],
  );
  return (
    <AsyncInfoCard
      title="Recent routed alerts"
      state={state}
      empty={value =>
        value.items.length === 0
          ? {
              title: 'No alerts routed to this service',
              description:
                'Alerts from Alertmanager and SLO burn alerts are routed by walking their trace to the failing service.',
            }
          : undefined
      }
    >
      {value => (
        <List aria-label="Routed alerts">
          {value.items.map(d => (
            <ListItem key={d.id} alignItems="flex-start" disableGutters>
              <ListItemText
                primary={
                  <>
                    <Chip
                      size="small"
                      color={d.status === 'firing' ? 'error' : 'default'}
                      label={d.status}
                      sx={{ mr: 1 }}
                    />
                    {d.alertName} · {formatUtc(d.receivedAt)}
                    {d.oncall?.current && ` · paged ${d.oncall.current}`}
                    {d.repeats > 0 && ` · ${d.repeats} repeats`}
                    {d.acknowledgedAt !== undefined &&
                      ` · acknowledged by ${d.acknowledgedBy ?? 'someone'}`}
                    {d.actioned && ' · actioned'}
                  </>
                }
                secondary={
                  <>
                    {d.tracePath && d.tracePath.length > 0 && (
                      <span>Trace path: {d.tracePath.join(' → ')}. </span>
                    )}
                    {d.explanation.join(' ')}
                    {d.traceId && (
                      <>
                        {' '}
                        <Link
                          to={`../dependencies?trace=${encodeURIComponent(
                            d.traceId,
                          )}`}
                        >
                          Open trace {d.traceId}
                        </Link>
                      </>
                    )}
                  </>
                }
              />
              {props.actions && (
                <Stack direction="row" spacing={1} sx={{ ml: 2, mt: 1 }}>
                  {props.actions(d, state.retry)}
                </Stack>
              )}
            </ListItem>
          ))}
        </List>
      )}
    </AsyncInfoCard>
  );
}
