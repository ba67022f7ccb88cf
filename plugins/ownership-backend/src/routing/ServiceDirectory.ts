import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

const SERVICE_NAME_ANNOTATION = 'steward.dev/service-name';
const TTL_MS = 30_000;
/** A name nobody has yet may be a Component the catalog just ingested. */
const MISS_REFRESH_MS = 2_000;

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
 * Components by OTel service name, and Groups by ref, from the catalog.
 * Every routed alert needs them, and reading the whole catalog takes longer
 * than a decision may: after the first read, lookups answer from the last
 * snapshot while a newer one is read in the background (after the TTL, or
 * soon after a lookup finds nothing).
 */
export class ServiceDirectory {
  private snapshot: Snapshot | undefined;
  private refreshing: Promise<Snapshot> | undefined;

  private constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  static create(options: {
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
  }): ServiceDirectory {
    return new ServiceDirectory(options);
  }

  async service(serviceName: string): Promise<ServiceEntry | undefined> {
    const snapshot = await this.load();
    const entry = snapshot.byService.get(serviceName);
    if (!entry) this.refreshAfter(snapshot, MISS_REFRESH_MS);
    return entry;
  }

  async group(groupRef: string): Promise<Entity | undefined> {
    const snapshot = await this.load();
    const group = snapshot.groups.get(groupRef);
    if (!group) this.refreshAfter(snapshot, MISS_REFRESH_MS);
    return group;
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
    if (!this.snapshot) return this.refresh();
    this.refreshAfter(this.snapshot, TTL_MS);
    return this.snapshot;
  }

  /** Starts a background read when `snapshot` is older than `ageMs`. */
  private refreshAfter(snapshot: Snapshot, ageMs: number): void {
    if (Date.now() - snapshot.at >= ageMs) {
      // A failed read keeps the last snapshot; the next lookup tries again.
      this.refresh().catch(error =>
        this.options.logger.warn(`Reading the catalog failed: ${error}`),
      );
    }
  }

  private refresh(): Promise<Snapshot> {
    this.refreshing ??= this.read().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async read(): Promise<Snapshot> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { items } = await this.options.catalog.getEntities(
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
