import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * The catalog reads the docs audit and on-call need. Reads on behalf of a
 * user pass that user's credentials, so the catalog's permissions apply;
 * scheduled work reads as the plugin itself.
 */
export class OrgCatalog {
  private constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  static create(options: {
    catalog: CatalogService;
    auth: AuthService;
  }): OrgCatalog {
    return new OrgCatalog(options.catalog, options.auth);
  }

  private async creds(credentials?: BackstageCredentials) {
    return credentials ?? (await this.auth.getOwnServiceCredentials());
  }

  /** The entity, or a 404 naming the ref. */
  async entity(
    ref: string,
    credentials?: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.catalog.getEntityByRef(ref, {
      credentials: await this.creds(credentials),
    });
    if (!entity) throw new NotFoundError(`No entity ${ref} in the catalog`);
    return entity;
  }

  /** The Group an entity ref names, or the Group that owns the entity. */
  async owningGroup(
    ref: string,
    credentials?: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.entity(ref, credentials);
    if (entity.kind.toLowerCase() === 'group') return entity;
    const owner = ownerRef(entity);
    if (!owner || parseEntityRef(owner).kind !== 'group') {
      throw new InputError(
        `${stringifyEntityRef(entity)} is not owned by a Group (spec.owner)`,
      );
    }
    return this.entity(owner, credentials);
  }

  async byKind(
    kind: 'Component' | 'Group' | 'User',
    credentials?: BackstageCredentials,
  ): Promise<Entity[]> {
    const { items } = await this.catalog.getEntities(
      { filter: { kind } },
      { credentials: await this.creds(credentials) },
    );
    return items;
  }

  /** The refs of every Group, as the docs audit's owner check needs them. */
  async groupRefs(credentials?: BackstageCredentials): Promise<Set<string>> {
    const { items } = await this.catalog.getEntities(
      {
        filter: { kind: 'Group' },
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      { credentials: await this.creds(credentials) },
    );
    return new Set(items.map(g => stringifyEntityRef(g)));
  }

  /** The ref of an entity's owner when that owner is in the catalog. */
  async existingOwner(
    entity: Entity,
    credentials?: BackstageCredentials,
  ): Promise<string | undefined> {
    const ref = ownerRef(entity);
    if (!ref) return undefined;
    const owner = await this.catalog.getEntityByRef(ref, {
      credentials: await this.creds(credentials),
    });
    return owner ? stringifyEntityRef(owner) : undefined;
  }

  /**
   * Catalog User refs by lowercased `spec.profile.email`, for the given
   * emails only: one query, however many Users the catalog holds.
   */
  async usersByEmail(
    emails: string[],
    credentials?: BackstageCredentials,
  ): Promise<Map<string, string>> {
    const users = new Map<string, string>();
    const wanted = [...new Set(emails.map(e => e.toLocaleLowerCase('en-US')))];
    if (wanted.length === 0) return users;
    const { items } = await this.catalog.getEntities(
      {
        filter: wanted.map(email => ({
          kind: 'User',
          'spec.profile.email': email,
        })),
        fields: ['kind', 'metadata.namespace', 'metadata.name', 'spec.profile'],
      },
      { credentials: await this.creds(credentials) },
    );
    for (const user of items) {
      const email = (user.spec?.profile as { email?: unknown } | undefined)
        ?.email;
      if (typeof email === 'string') {
        users.set(email.toLocaleLowerCase('en-US'), stringifyEntityRef(user));
      }
    }
    return users;
  }

  async ownedComponents(
    groupRef: string,
    credentials?: BackstageCredentials,
  ): Promise<Entity[]> {
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          kind: 'Component',
          [`relations.${RELATION_OWNED_BY}`]: groupRef,
        },
      },
      { credentials: await this.creds(credentials) },
    );
    return items;
  }
}

/** The full ref of an entity's owner, as the catalog resolved it. */
export function ownerRef(entity: Entity): string | undefined {
  return entity.relations?.find(r => r.type === RELATION_OWNED_BY)?.targetRef;
}
