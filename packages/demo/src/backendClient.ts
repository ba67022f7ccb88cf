import { Deploy } from './model/faults';

/**
 * The few Steward API calls the demo makes besides OTLP export, with a
 * Backstage user token: `STEWARD_TOKEN` when set, else the guest's (the demo
 * backend runs the guest sign-in provider, as a new user would use it).
 */
export class BackendClient {
  private token: { value: string; expiresAtMs: number } | undefined;

  private constructor(private readonly baseUrl: string) {}

  static create(options: { baseUrl: string }): BackendClient {
    return new BackendClient(options.baseUrl.replace(/\/+$/, ''));
  }

  /** Waits until the backend answers its health checks, or throws after `timeoutMs`. */
  async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ok = await Promise.all(
        ['service-graph', 'slo'].map(plugin =>
          fetch(`${this.baseUrl}/api/${plugin}/health`)
            .then(r => r.ok)
            .catch(() => false),
        ),
      );
      if (ok.every(Boolean)) return;
      if (Date.now() > deadline) {
        throw new Error(
          `Steward backend at ${this.baseUrl} not ready after ${timeoutMs} ms`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  }

  /** Whether the service graph holds calls older than an hour: a backfill ran before. */
  async hasHistory(nowMs: number): Promise<boolean> {
    const from = nowMs - 30 * 24 * 3_600_000;
    const to = nowMs - 3_600_000;
    const body = (await this.get(
      `/api/service-graph/v1/dependencies?from=${from}&to=${to}`,
    )) as { dependencies: unknown[] };
    return body.dependencies.length > 0;
  }

  async recordDeploy(deploy: Deploy): Promise<void> {
    await this.send('POST', '/api/slo/v1/deploys', {
      entityRef: deploy.entityRef,
      version: deploy.version,
      deployedAt: Math.round(deploy.atMs),
    });
  }

  private async get(path: string): Promise<unknown> {
    return this.send('GET', path);
  }

  private async send(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${await this.userToken()}`,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) {
      throw new Error(
        `${method} ${path}: HTTP ${response.status} ${await response.text()}`,
      );
    }
    return response.json();
  }

  private async userToken(): Promise<string> {
    if (process.env.STEWARD_TOKEN) return process.env.STEWARD_TOKEN;
    if (!this.token || Date.now() > this.token.expiresAtMs) {
      const response = await fetch(`${this.baseUrl}/api/auth/guest/refresh`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      });
      if (!response.ok) {
        throw new Error(`Guest sign-in failed: HTTP ${response.status}`);
      }
      const body = (await response.json()) as {
        backstageIdentity: { token: string };
      };
      // Backstage user tokens last an hour; take a new one well before.
      this.token = {
        value: body.backstageIdentity.token,
        expiresAtMs: Date.now() + 30 * 60_000,
      };
    }
    return this.token.value;
  }
}
