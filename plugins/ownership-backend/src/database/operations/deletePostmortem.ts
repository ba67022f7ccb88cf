import { Knex } from 'knex';

/** Deletes a postmortem; false when there was none. */
export async function deletePostmortem(
  knex: Knex,
  options: { id: number },
): Promise<boolean> {
  return (
    (await knex('ownership_postmortems').where({ id: options.id }).delete()) > 0
  );
}
