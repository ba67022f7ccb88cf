import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../apis';

export function OwnershipContent() {
  const api = useApi(ownershipApiRef);
  const { value, loading, error } = useAsync(() => api.getHealth(), [api]);
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return <p>Ownership backend: {value?.status}</p>;
}
