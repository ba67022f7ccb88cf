// This module defines tests for the test files that call it; it is not a test
// file itself, so its exports are meant.
/* eslint-disable jest/no-export */
import { FuzzRoute, fuzzRoutes } from './fuzzHttp';
import { FuzzSettings } from './settings';

/** A started backend, as {@link describeApiFuzzing} needs it. */
export type FuzzedBackend = {
  /** Where the API's routes are, such as `http://localhost:7007/api/slo`. */
  baseUrl: string;
  stop(): Promise<void>;
};

/**
 * The fuzz tests of one backend's JSON API, a suite per test database: starts
 * the backend once per suite, sends generated bad input to every route with
 * {@link fuzzRoutes} (no 5xx, no hang, every 400 naming the field), checks that
 * the backend still answers `/health` after, then runs the API's own `tests`
 * against the same backend. Call it at the top of a test file.
 */
export function describeApiFuzzing<
  TBackend extends FuzzedBackend,
  TDatabaseId extends string,
>(options: {
  /**
   * `slo`: the suites are "slo API under fuzzing on …", the figures' targets
   * `slo-api-<database>` (the reliability suite reports them by that name).
   */
  api: string;
  /** `TestDatabases.eachSupportedId()` of the test file. */
  databaseIds: Array<[TDatabaseId]>;
  start(databaseId: TDatabaseId): Promise<TBackend>;
  routes: FuzzRoute[];
  /** The headers of an ordinary caller; a route's own headers replace them. */
  headers(backend: TBackend): Record<string, string>;
  settings: FuzzSettings;
  /**
   * More tests against the same backend, such as replays of earlier runs'
   * findings; `backend()` is the backend once started.
   */
  tests(backend: () => TBackend): void;
}): void {
  describe.each(options.databaseIds)(
    `${options.api} API under fuzzing on %s`,
    databaseId => {
      let started: TBackend | undefined;
      const backend = () => {
        if (!started) throw new Error(`the ${options.api} backend is not up`);
        return started;
      };
      beforeAll(async () => {
        started = await options.start(databaseId);
      });
      afterAll(() => started?.stop());

      it('answers every generated bad request with 2xx or a 4xx naming the field', async () => {
        const figures = await fuzzRoutes({
          target: `${options.api}-api-${databaseId}`,
          baseUrl: backend().baseUrl,
          routes: options.routes,
          headers: options.headers(backend()),
          settings: options.settings,
        });
        expect(figures.failures).toEqual([]);
        expect(figures.cases).toBeGreaterThan(0);
        // The backend still answers once the run is over.
        const health = await fetch(`${backend().baseUrl}/health`);
        expect(health.status).toBe(200);
      });

      options.tests(backend);
    },
  );
}
