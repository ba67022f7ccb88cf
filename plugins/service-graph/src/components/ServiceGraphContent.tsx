import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { serviceGraphApiRef } from '../apis';

export function ServiceGraphContent() {
  const api = useApi(serviceGraphApiRef);
  const { value, loading, error } = useAsync(() => api.getHealth(), [api]);
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return <p>Dependencies backend: {value?.status}</p>;
}
