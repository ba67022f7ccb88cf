import { Knex } from 'knex';

/**
 * Records that someone acknowledged a routed alert, or marked it actioned
 * (or took that back). The first acknowledgement counts: MTTA is about
 * when someone first looked. Returns false when there is no such decision.
 */
export async function respondToDecision(
  knex: Knex,
  options: {
    id: number;
    by: string;
    atMs: number;
    response: { type: 'acknowledge' } | { type: 'action'; actioned: boolean };
  },
): Promise<boolean> {
  const { id, by, atMs, response } = options;
  const row = knex('ownership_routing_decisions').where({ id });
  const changed =
    response.type === 'acknowledge'
      ? await row
          .clone()
          .whereNull('acknowledged_at')
          .update({ acknowledged_at: atMs, acknowledged_by: by })
      : await row
          .clone()
          .update(
            response.actioned
              ? { actioned: true, actioned_at: atMs, actioned_by: by }
              : { actioned: false, actioned_at: null, actioned_by: null },
          );
  if (changed > 0) {
    return true;
  }
  return (await row.clone().first('id')) !== undefined;
}
