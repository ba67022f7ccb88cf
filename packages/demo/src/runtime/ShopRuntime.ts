import {
  Context,
  ROOT_CONTEXT,
  SpanContext,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { behaviourAt, Fault } from '../model/faults';
import { latencyAround, Random } from '../model/random';
import { routeOf, SHOP, ServiceName, Step } from '../model/shop';
import { Clock } from './clock';
import { Telemetry } from './telemetry';

/** How a request between two services travels: real HTTP, or a direct call in a backfill. */
export type Transport = {
  /** Delivers a request whose CLIENT span is in `context`; answers the HTTP status. */
  call(options: {
    to: ServiceName;
    routeKey: string;
    path: string;
    context: Context;
    clock: Clock;
  }): Promise<number>;
  /** Hands a published message to each consumer; they process it in traces of their own. */
  publish(options: {
    consumers: ServiceName[];
    producer: SpanContext;
    clock: Clock;
  }): void;
};

const PRODUCT_IDS = [
  'OLJCESPC7Z',
  '66VCHSJNUP',
  '1YMWWN1N4O',
  'L9ECAV7KIM',
  '2ZYFJ3GM2N',
  '0PUK6V6EV0',
  'LS4PSXUNUM',
  '9SIQT8TOJO',
  '6E92ZMYYFZ',
  'HQTGWGPNH4',
];

/**
 * The shop's services, instrumented by hand with the stock OpenTelemetry
 * API: a SERVER span per request (continuing the caller's trace), a CLIENT
 * span per outgoing call and database query, a PRODUCER span per published
 * message and a CONSUMER span, in a new trace linked to the producer, per
 * processed message. Latency and failures follow the service's model and
 * the active faults at the clock's time.
 */
export class ShopRuntime {
  private transport: Transport | undefined;

  private constructor(
    private readonly options: {
      telemetry: Telemetry;
      random: Random;
      faults: () => Fault[];
    },
  ) {}

  static create(options: {
    telemetry: Telemetry;
    random: Random;
    faults: () => Fault[];
  }): ShopRuntime {
    return new ShopRuntime(options);
  }

  /** The transport is set after creation: an HTTP transport serves this runtime. */
  connect(transport: Transport): void {
    this.transport = transport;
  }

  /** A concrete URL path for a route template. */
  pathOf(routePath: string): string {
    const { random } = this.options;
    return routePath
      .replace(
        ':id',
        PRODUCT_IDS[Math.floor(random.next() * PRODUCT_IDS.length)],
      )
      .replace(':userId', `user-${Math.floor(random.next() * 5000)}`);
  }

  /** Handles one request to `service`, answering its HTTP status. */
  async serve(options: {
    service: ServiceName;
    routeKey: string;
    path: string;
    parent: Context;
    clock: Clock;
  }): Promise<number> {
    const { service, clock } = options;
    const { random } = this.options;
    const route = routeOf(service, options.routeKey);
    const behaviour = behaviourAt({
      faults: this.options.faults(),
      service,
      atMs: clock.now(),
    });
    const span = this.options.telemetry.tracer(service).startSpan(
      `${route.method} ${route.path}`,
      {
        kind: SpanKind.SERVER,
        startTime: clock.now(),
        attributes: {
          'http.request.method': route.method,
          'http.route': route.path,
          'url.path': options.path,
          'url.scheme': 'http',
        },
      },
      options.parent,
    );
    const context = trace.setSpan(options.parent, span);
    const ownMs =
      latencyAround(random, route.medianMs) +
      (random.next() < behaviour.slowShare ? behaviour.extraLatencyMs : 0);

    await clock.wait(ownMs / 2);
    let failure: string | undefined =
      random.next() < behaviour.errorRate ? behaviour.message : undefined;
    if (!failure) {
      failure = await this.runSteps({
        service,
        steps: route.steps,
        context,
        clock,
      });
    }
    await clock.wait(ownMs / 2);

    const status = failure ? 503 : 200;
    span.setAttribute('http.response.status_code', status);
    if (failure) {
      span.setAttribute('error.type', String(status));
      span.setStatus({ code: SpanStatusCode.ERROR, message: failure });
    }
    span.end(clock.now());
    return status;
  }

  /** Processes one message from `producer` at a consumer, in a new trace linked to it. */
  async consume(options: {
    service: ServiceName;
    producer: SpanContext;
    clock: Clock;
  }): Promise<void> {
    const { service, clock } = options;
    const consumes = SHOP[service].consumes!;
    const behaviour = behaviourAt({
      faults: this.options.faults(),
      service,
      atMs: clock.now(),
    });
    const span = this.options.telemetry.tracer(service).startSpan(
      consumes.operation,
      {
        kind: SpanKind.CONSUMER,
        startTime: clock.now(),
        links: [{ context: options.producer }],
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': consumes.topic,
          'messaging.operation.type': 'process',
          'messaging.consumer.group.name': service,
        },
      },
      ROOT_CONTEXT,
    );
    await clock.wait(latencyAround(this.options.random, consumes.medianMs));
    if (this.options.random.next() < behaviour.errorRate) {
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: behaviour.message,
      });
    }
    span.end(clock.now());
  }

  /** Runs steps in order; answers why the route failed, if it did. */
  private async runSteps(options: {
    service: ServiceName;
    steps: Step[];
    context: Context;
    clock: Clock;
  }): Promise<string | undefined> {
    for (const step of options.steps) {
      const failure = await this.runStep({ ...options, step });
      if (failure) return failure;
    }
    return undefined;
  }

  private async runStep(options: {
    service: ServiceName;
    step: Step;
    context: Context;
    clock: Clock;
  }): Promise<string | undefined> {
    const { service, step, context, clock } = options;
    const tracer = this.options.telemetry.tracer(service);
    switch (step.type) {
      case 'parallel': {
        const branches = step.steps.map(() => clock.fork());
        const failures = await Promise.all(
          step.steps.map((s, i) =>
            this.runStep({ service, step: s, context, clock: branches[i] }),
          ),
        );
        clock.join(branches);
        return failures.find(f => f !== undefined);
      }
      case 'db': {
        const span = tracer.startSpan(
          `${step.operation} ${step.namespace}`,
          {
            kind: SpanKind.CLIENT,
            startTime: clock.now(),
            attributes: {
              'db.system.name': step.system,
              // The attribute's name before semantic conventions 1.26.
              'db.system': step.system,
              'db.namespace': step.namespace,
              'db.operation.name': step.operation,
              'db.query.text': step.query,
            },
          },
          context,
        );
        await clock.wait(latencyAround(this.options.random, step.medianMs));
        span.end(clock.now());
        return undefined;
      }
      case 'publish': {
        const span = tracer.startSpan(
          `publish ${step.topic}`,
          {
            kind: SpanKind.PRODUCER,
            startTime: clock.now(),
            attributes: {
              'messaging.system': 'kafka',
              'messaging.destination.name': step.topic,
              'messaging.operation.type': 'send',
            },
          },
          context,
        );
        await clock.wait(latencyAround(this.options.random, 2));
        span.end(clock.now());
        this.transport!.publish({
          consumers: step.consumers,
          producer: span.spanContext(),
          clock,
        });
        return undefined;
      }
      default: {
        const target = routeOf(step.service, step.route);
        const path = this.pathOf(target.path);
        let status = 0;
        for (let attempt = 0; attempt <= (step.retries ?? 0); attempt++) {
          status = await this.callOnce({
            service,
            step,
            path,
            context,
            clock,
            method: target.method,
          });
          if (status < 500) break;
        }
        return status >= 500 && step.critical
          ? `${step.service} answered ${status} to ${step.route}`
          : undefined;
      }
    }
  }

  private async callOnce(options: {
    service: ServiceName;
    step: Extract<Step, { type: 'call' }>;
    method: string;
    path: string;
    context: Context;
    clock: Clock;
  }): Promise<number> {
    const { step, clock } = options;
    const span = this.options.telemetry.tracer(options.service).startSpan(
      options.method,
      {
        kind: SpanKind.CLIENT,
        startTime: clock.now(),
        attributes: {
          'http.request.method': options.method,
          'server.address': step.service,
          'url.full': `http://${step.service}${options.path}`,
          'service.peer.name': step.service,
        },
      },
      options.context,
    );
    const status = await this.transport!.call({
      to: step.service,
      routeKey: step.route,
      path: options.path,
      context: trace.setSpan(options.context, span),
      clock,
    });
    span.setAttribute('http.response.status_code', status);
    if (status >= 500) {
      span.setAttribute('error.type', String(status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end(clock.now());
    return status;
  }
}
