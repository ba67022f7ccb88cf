/** An Alertmanager v4 webhook with one firing alert of these labels. */
export function alertmanagerWebhook(options: {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  generatorURL?: string;
  fingerprint?: string;
}) {
  const { labels } = options;
  return {
    version: '4',
    groupKey: `{}:{alertname="${labels.alertname}"}`,
    status: 'firing',
    receiver: 'steward',
    groupLabels: { alertname: labels.alertname },
    commonLabels: labels,
    commonAnnotations: {},
    externalURL: 'http://127.0.0.1:9093',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations: options.annotations ?? {},
        startsAt: options.startsAt ?? new Date().toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: options.generatorURL,
        fingerprint: options.fingerprint,
      },
    ],
  };
}
