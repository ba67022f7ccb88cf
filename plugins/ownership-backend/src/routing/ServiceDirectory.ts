import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

const SERVICE_NAME_ANNOTATION = 'steward.dev/service-name';
const TTL_MS = 30_000;

/** A Component as routing needs it. */
export type ServiceEntry = {
  entityRef: string;
  serviceName: string;
  ownerRef?: string;
  runbookUrl?: string;
  links: Array<{ type?: string; url: string; title?: string }>;
};

type Snapshot = {
  at: number;
  byService: Map<string, ServiceEntry>;
  groups: Map<string, Entity>;
  components: Entity[];
};

/**
 * Components by OTel service name, and Groups by ref, from the catalog;
 * cached briefly because every routed alert needs them.
 */
export class ServiceDirectory {
  private snapshot: Snapshot | undefined;

  private constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  static create(options: {
    catalog: CatalogService;
    auth: AuthService;
  }): ServiceDirectory {
    return new ServiceDirectory(options.catalog, options.auth);
  }

  async service(serviceName: string): Promise<ServiceEntry | undefined> {
    return (await this.load()).byService.get(serviceName);
  }

  async group(groupRef: string): Promise<Entity | undefined> {
    return (await this.load()).groups.get(groupRef);
  }

  /** Every Component and Group, for org-wide figures. */
  async entities(): Promise<{ components: Entity[]; groups: Entity[] }> {
    const snapshot = await this.load();
    return {
      components: snapshot.components,
      groups: [...snapshot.groups.values()],
    };
  }

  private async load(): Promise<Snapshot> {
    if (this.snapshot && Date.now() - this.snapshot.at < TTL_MS)
      return this.snapshot;
    const credentials = await this.auth.getOwnServiceCredentials();
    const { items } = await this.catalog.getEntities(
      { filter: [{ kind: 'Component' }, { kind: 'Group' }] },
      { credentials },
    );
    const byService = new Map<string, ServiceEntry>();
    const groups = new Map<string, Entity>();
    const components: Entity[] = [];
    for (const entity of items) {
      if (entity.kind === 'Group') {
        groups.set(stringifyEntityRef(entity), entity);
        continue;
      }
      components.push(entity);
      const serviceName =
        entity.metadata.annotations?.[SERVICE_NAME_ANNOTATION] ??
        entity.metadata.name;
      const owner = entity.spec?.owner as string | undefined;
      const links = entity.metadata.links ?? [];
      byService.set(serviceName, {
        entityRef: stringifyEntityRef(entity),
        serviceName,
        ownerRef: owner
          ? stringifyEntityRef(
              parseEntityRef(owner, {
                defaultKind: 'group',
                defaultNamespace: entity.metadata.namespace ?? 'default',
              }),
            )
          : undefined,
        runbookUrl: links.find(l => l.type === 'runbook')?.url,
        links,
      });
    }
    this.snapshot = { at: Date.now(), byService, groups, components };
    return this.snapshot;
  }
}
