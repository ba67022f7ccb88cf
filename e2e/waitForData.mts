/**
 * Waits until the backends have digested the demo traffic: the service graph
 * has checkout's edge to payment and the SLO engine has evaluated
 * checkout's SLOs with events.
 */
export async function waitForDemoData(options: {
  baseUrl: string;
  token: string;
  timeoutMs?: number;
}) {
  const get = async (path: string) => {
    const r = await fetch(`${options.baseUrl}${path}`, {
      headers: { Authorization: `Bearer ${options.token}` },
    });
    return r.ok ? r.json() : undefined;
  };
  // The SLO engine evaluates every 5 s here, but a cycle takes much longer on
  // a busy machine.
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  let edge = false;
  let slo = false;
  while (Date.now() < deadline) {
    const deps = await get('/api/service-graph/v1/dependencies');
    edge ||= deps?.dependencies?.some(
      (d: { parent: string; child: string }) =>
        d.parent === 'checkout' && d.child === 'payment',
    );
    const slos = await get(
      '/api/slo/v1/slos?entityRef=component%3Adefault%2Fcheckout',
    );
    slo = slos?.items?.some(
      (s: { sliRatio?: number }) => s.sliRatio !== undefined,
    );
    if (edge && slo) return;
    await new Promise(r => setTimeout(r, 2000));
  }
  throw new Error(`demo data not ready: edge ${edge}, evaluated SLO ${slo}`);
}
