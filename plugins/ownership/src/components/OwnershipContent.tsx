import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  EntityRefLink,
  EntityRefLinks,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { isNavigableUrl } from '@steward/plugin-ownership-common';
import { DocsScore } from './DocsScore';
import { RoutedAlerts } from './RoutedAlerts';
import { useOwnership } from './useOwnership';

function OwnerAndDocs() {
  const { entity } = useEntity();
  const { value, loading, error } = useOwnership(entity);
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={5}>
        <InfoCard title="Owner">
          <Typography variant="h6" component="p">
            {value.ownerRef ? (
              <EntityRefLink entityRef={value.ownerRef} />
            ) : (
              'No owner'
            )}
          </Typography>
          <Typography variant="body2">
            Tier: {value.tier ?? 'not set'}
          </Typography>
          <Typography variant="subtitle2" sx={{ mt: 1 }}>
            Members
          </Typography>
          {value.members.length > 0 ? (
            <EntityRefLinks entityRefs={value.members} defaultKind="user" />
          ) : (
            <Typography variant="body2" color="text.secondary">
              {value.owner
                ? 'The owning group lists no members.'
                : 'The owner is not in the catalog.'}
            </Typography>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={7}>
        <InfoCard
          title="Docs"
          subheader={
            value.reviewAgeDays === undefined
              ? 'Never reviewed'
              : `Last reviewed ${value.reviewAgeDays} days ago`
          }
        >
          <DocsScore audit={value.audit} />
          <List dense aria-label="Docs links">
            {value.links.map(l => (
              <ListItem key={l.url} disableGutters>
                <ListItemText
                  primary={
                    isNavigableUrl(l.url) ? (
                      <Link to={l.url}>{l.title ?? l.url}</Link>
                    ) : (
                      <span title={`Not a web link: ${l.url}`}>
                        {l.title ?? l.url}
                      </span>
                    )
                  }
                  secondary={l.type ?? 'link'}
                />
              </ListItem>
            ))}
          </List>
          <Typography variant="subtitle2">Audit findings</Typography>
          {value.audit.findings.length === 0 ? (
            <Typography variant="body2" color="text.secondary">
              Nothing to fix.
            </Typography>
          ) : (
            <List dense aria-label="Docs audit findings">
              {value.audit.findings.map(f => (
                <ListItem key={`${f.rule}-${f.message}`} disableGutters>
                  <ListItemText
                    primary={
                      <>
                        <Chip
                          size="small"
                          color={f.severity === 'error' ? 'error' : 'warning'}
                          label={f.severity}
                          sx={{ mr: 1 }}
                        />
                        {f.message}
                      </>
                    }
                    secondary={`Fix: ${f.fix}`}
                  />
                </ListItem>
              ))}
            </List>
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/** The Ownership tab: owner and members, tier, docs audit, routed alerts. */
export function OwnershipContent() {
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <OwnerAndDocs />
      </Grid>
      <Grid item xs={12}>
        <RoutedAlerts />
      </Grid>
    </Grid>
  );
}
