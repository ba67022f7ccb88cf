import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  alertmanagerWebhookSchema,
  alertsFromAlertmanager,
} from '@steward/plugin-ownership-common';
import express from 'express';
import { AlertRouter } from '../../routing/AlertRouter';

/**
 * `POST /v1/alerts/alertmanager`: Alertmanager's webhook receiver (payload
 * version 4). Alertmanager sends a service token with
 * `http_config.authorization`; each alert is routed and the decisions are
 * returned.
 */
export function postAlertmanager(options: {
  httpAuth: HttpAuthService;
  router: AlertRouter;
}): express.RequestHandler {
  return async (req, res) => {
    await options.httpAuth.credentials(req, { allow: ['service'] });
    const parsed = alertmanagerWebhookSchema.safeParse(req.body);
    if (!parsed.success) {
      throw new InputError(
        `Invalid Alertmanager webhook: ${parsed.error.issues
          .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
          .join('; ')}`,
      );
    }
    const decisions = [];
    for (const alert of alertsFromAlertmanager(parsed.data)) {
      decisions.push(await options.router.route(alert));
    }
    res.json({ decisions });
  };
}
