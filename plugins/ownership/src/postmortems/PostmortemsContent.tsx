import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import {
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { PostmortemRecord } from '@steward/plugin-ownership-common';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ownershipApiRef } from '../apis';
import { AsyncInfoCard } from '../components/AsyncInfoCard';
import { formatUtc } from '../components/format';
import { PostmortemForm } from './PostmortemForm';
import { fieldsFromDecision, fieldsOf, PostmortemFields } from './form';

type Editing =
  | { kind: 'new'; fields: PostmortemFields; decisionId?: number }
  | { kind: 'edit'; record: PostmortemRecord };

const SEVERITY_LABEL: Record<string, string> = {
  'no-visible-impact': 'no visible impact',
  'features-broken': 'features broken',
  'unavailable-or-data-lost': 'unavailable or data lost',
};

function PostmortemTable(props: {
  items: PostmortemRecord[];
  onEdit: (record: PostmortemRecord) => void;
}) {
  return (
    <Table size="small" aria-label="Postmortems">
      <TableHead>
        <TableRow>
          <TableCell>Title</TableCell>
          <TableCell>Severity</TableCell>
          <TableCell>Users impacted</TableCell>
          <TableCell>Detected</TableCell>
          <TableCell>Open action items</TableCell>
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {props.items.map(p => {
          const open = p.document.actionItems.filter(a => a.status !== 'done');
          const detected = p.document.detectedAt ?? p.document.timeline[0]?.at;
          return (
            <TableRow key={p.id}>
              <TableCell>{p.document.title}</TableCell>
              <TableCell>
                <Chip
                  size="small"
                  label={SEVERITY_LABEL[p.document.severity]}
                  color={
                    p.document.severity === 'no-visible-impact'
                      ? 'default'
                      : 'error'
                  }
                />
              </TableCell>
              <TableCell>{p.document.usersImpacted}</TableCell>
              <TableCell>
                {detected ? formatUtc(Date.parse(detected)) : '–'}
              </TableCell>
              <TableCell>
                {open.length === 0
                  ? 'none'
                  : open
                      .map(a => `${a.description} (${a.owner}, due ${a.due})`)
                      .join('; ')}
              </TableCell>
              <TableCell>
                <Button
                  size="small"
                  aria-label={`Edit ${p.document.title}`}
                  onClick={() => props.onEdit(p)}
                >
                  Edit
                </Button>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/**
 * The Postmortems tab: the postmortems naming this Component among their
 * contributing services, and the form to write or edit one. With
 * `?fromDecision=<id>` the form opens prefilled from that routed alert.
 */
export function PostmortemsContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const ownerRef = entity.relations?.find(
    r => r.type === RELATION_OWNED_BY,
  )?.targetRef;
  const api = useApi(ownershipApiRef);
  const [params, setParams] = useSearchParams();
  const fromDecision = Number(params.get('fromDecision')) || undefined;
  const [editing, setEditing] = useState<Editing>();

  const list = useAsyncRetry(async () => {
    const { items } = await api.listPostmortems({ limit: 500 });
    return items.filter(p =>
      p.document.contributingServices.includes(entityRef),
    );
  }, [api, entityRef]);

  const decision = useAsync(async () => {
    if (fromDecision === undefined) return undefined;
    const { items } = await api.listRoutingDecisions({ entityRef, limit: 500 });
    const found = items.find(d => d.id === fromDecision);
    if (!found) {
      throw new Error(
        `Routed alert ${fromDecision} is not among this service's alerts`,
      );
    }
    setEditing({
      kind: 'new',
      fields: fieldsFromDecision(found),
      decisionId: found.id,
    });
    return found;
  }, [api, entityRef, fromDecision]);

  const close = () => {
    setEditing(undefined);
    if (fromDecision !== undefined) setParams({});
    list.retry();
  };

  if (decision.loading) return <Progress />;

  if (editing?.kind === 'new') {
    return (
      <PostmortemForm
        heading={
          editing.decisionId === undefined
            ? 'New postmortem'
            : `New postmortem from routed alert ${editing.decisionId}`
        }
        initial={editing.fields}
        onCancel={close}
        onSave={async document => {
          await api.createPostmortem({
            ownerRef,
            decisionId: editing.decisionId,
            document,
          });
          close();
        }}
      />
    );
  }
  if (editing?.kind === 'edit') {
    const { record } = editing;
    return (
      <PostmortemForm
        heading={`Edit postmortem: ${record.document.title}`}
        initial={fieldsOf(record.document)}
        onCancel={close}
        onSave={async document => {
          await api.updatePostmortem({ id: record.id, document });
          close();
        }}
      />
    );
  }

  return (
    <>
      {decision.error && <ResponseErrorPanel error={decision.error} />}
      <AsyncInfoCard
        title="Postmortems"
        state={list}
        empty={items =>
          items.length === 0
            ? {
                title: 'No postmortems name this service',
                description:
                  'Write one with New postmortem, or from a routed alert on the On-call tab.',
              }
            : undefined
        }
      >
        {items => (
          <PostmortemTable
            items={items}
            onEdit={record => setEditing({ kind: 'edit', record })}
          />
        )}
      </AsyncInfoCard>
      <Button
        variant="contained"
        sx={{ mt: 2 }}
        onClick={() =>
          setEditing({
            kind: 'new',
            fields: fieldsOf({ contributingServices: [entityRef] }),
          })
        }
      >
        New postmortem
      </Button>
    </>
  );
}
