import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { sloApiRef } from '../apis';

export function SloContent() {
  const api = useApi(sloApiRef);
  const { value, loading, error } = useAsync(() => api.getHealth(), [api]);
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return <p>SLOs backend: {value?.status}</p>;
}
