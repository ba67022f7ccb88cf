import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { OnCallPerson } from '@steward/plugin-ownership-common';

/** People on call, each linked to their catalog User when known. */
export function People(props: { people: OnCallPerson[] }) {
  if (props.people.length === 0) return <>nobody</>;
  return (
    <>
      {props.people.map((p, i) => (
        <span key={p.userRef ?? p.id ?? p.name}>
          {i > 0 && ', '}
          {p.userRef ? (
            <EntityRefLink entityRef={p.userRef} title={p.name} />
          ) : (
            p.name
          )}
        </span>
      ))}
    </>
  );
}
