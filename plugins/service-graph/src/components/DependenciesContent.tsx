import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef, useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@mui/material/Grid';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { serviceNameOf } from '@steward/plugin-service-graph-common';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { serviceGraphApiRef } from '../apis';
import { GraphCanvas } from '../graph/GraphCanvas';
import { buildGraph, GraphEdge, ServiceDrift } from '../graph/model';
import { TraceView } from '../trace/TraceView';
import { EdgeTable } from './EdgeTable';
import { ErrorTraces } from './ErrorTraces';

const RESOLUTION = {
  s: 'Prometheus samples',
  m: 'minute buckets',
  h: 'hour buckets',
  d: 'day buckets',
} as const;

const RANGES: Array<[string, number]> = [
  ['1h', 3_600_000],
  ['6h', 6 * 3_600_000],
  ['24h', 24 * 3_600_000],
  ['7d', 7 * 24 * 3_600_000],
];

/** The Dependencies tab: observed against declared graph, edges, traces. */
export function DependenciesContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const service = serviceNameOf(entity);
  const api = useApi(serviceGraphApiRef);
  const catalogApi = useApi(catalogApiRef);
  const [params, setParams] = useSearchParams();
  const [range, setRange] = useState('1h');
  const [scope, setScope] = useState<'neighbours' | 'all'>('neighbours');
  const [selectedEdge, setSelectedEdge] = useState<GraphEdge>();
  const traceId = params.get('trace') ?? undefined;

  const { value, loading, error } = useAsync(async () => {
    const ms = RANGES.find(r => r[0] === range)![1];
    const [deps, drift] = await Promise.all([
      api.getDependencies({ from: Date.now() - ms }),
      api.getDrift({ entityRef, window: range }),
    ]);
    // Drift names entities; the graph names services.
    const refs = [
      ...drift.confirmed,
      ...drift.declaredNotObserved,
      ...drift.observedNotDeclared,
    ];
    const names = new Map<string, string>();
    if (refs.length > 0) {
      const { items } = await catalogApi.getEntitiesByRefs({
        entityRefs: refs,
      });
      items.forEach((e, i) =>
        names.set(refs[i], e ? serviceNameOf(e) : parseEntityRef(refs[i]).name),
      );
    }
    const toNames = (list: string[]) => list.map(r => names.get(r)!);
    const serviceDrift: ServiceDrift = {
      confirmed: toNames(drift.confirmed),
      declaredNotObserved: toNames(drift.declaredNotObserved),
      observedNotDeclared: toNames(drift.observedNotDeclared),
    };
    return { deps, drift: serviceDrift };
  }, [api, catalogApi, entityRef, range]);

  const graph = useMemo(
    () =>
      value &&
      buildGraph({
        dependencies: value.deps.dependencies,
        focus: service,
        drift: value.drift,
        scope,
      }),
    [value, service, scope],
  );
  const ownEdges = useMemo(
    () =>
      graph?.edges.filter(e => e.source === service || e.target === service) ??
      [],
    [graph, service],
  );

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!graph || !value) return null;

  const openTrace = (id: string) => {
    params.set('trace', id);
    setParams(params);
  };

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title="Observed dependencies"
          subheader={`${service} · computed from ${
            RESOLUTION[value.deps.resolution]
          }`}
          action={
            <Stack direction="row" spacing={2} alignItems="center">
              <ToggleButtonGroup
                size="small"
                exclusive
                value={scope}
                onChange={(_e, v) => v && setScope(v)}
                aria-label="Graph scope"
              >
                <ToggleButton value="neighbours">this service</ToggleButton>
                <ToggleButton value="all">whole graph</ToggleButton>
              </ToggleButtonGroup>
              <TextField
                select
                size="small"
                label="Time range"
                value={range}
                onChange={e => setRange(e.target.value)}
              >
                {RANGES.map(([r]) => (
                  <MenuItem key={r} value={r}>
                    last {r}
                  </MenuItem>
                ))}
              </TextField>
            </Stack>
          }
        >
          <Typography
            variant="body2"
            sx={{ mb: 1 }}
            role="note"
            aria-label="Drift summary"
          >
            Declared and observed: {value.drift.confirmed.length} · observed,
            not declared: {value.drift.observedNotDeclared.length} · declared,
            not observed: {value.drift.declaredNotObserved.length}
          </Typography>
          <GraphCanvas
            graph={graph}
            focus={service}
            selectedEdgeId={selectedEdge?.id}
            onSelectEdge={setSelectedEdge}
          />
          <Typography variant="caption" color="text.secondary">
            Green: declared and observed. Amber: observed, not declared in the
            catalog. Red dashed: declared, not observed. Red nodes fail more
            than 5% of the calls into them. Click an edge to select it.
          </Typography>
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Calls to and from this service">
          <EdgeTable
            edges={ownEdges}
            selectedEdgeId={selectedEdge?.id}
            onSelect={setSelectedEdge}
            onTraces={setSelectedEdge}
          />
        </InfoCard>
      </Grid>
      {selectedEdge?.link && (
        <Grid item xs={12}>
          <ErrorTraces
            edge={selectedEdge}
            fromMs={Date.now() - RANGES.find(r => r[0] === range)![1]}
            onOpen={openTrace}
          />
        </Grid>
      )}
      {traceId && (
        <Grid item xs={12}>
          <InfoCard title="Trace">
            <TraceView traceId={traceId} />
          </InfoCard>
        </Grid>
      )}
    </Grid>
  );
}
