import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { ReactNode } from 'react';

/**
 * An InfoCard over one request: progress while it loads, the error panel
 * when it fails, an empty state when `empty` says the answer has nothing
 * to show, else `children` with the answer.
 */
export function AsyncInfoCard<T>(props: {
  title: string;
  deepLink?: { title: string; link: string };
  subheader?: (value: T) => ReactNode;
  state: { value?: T; loading: boolean; error?: Error };
  empty?: (value: T) => { title: string; description?: string } | undefined;
  children: (value: T) => ReactNode;
}) {
  const { value, loading, error } = props.state;
  const empty = value !== undefined ? props.empty?.(value) : undefined;
  return (
    <InfoCard
      title={props.title}
      deepLink={props.deepLink}
      subheader={value !== undefined ? props.subheader?.(value) : undefined}
    >
      {loading && value === undefined && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value !== undefined && empty && (
        <EmptyState
          missing="data"
          title={empty.title}
          description={empty.description}
        />
      )}
      {value !== undefined && !empty && props.children(value)}
    </InfoCard>
  );
}
