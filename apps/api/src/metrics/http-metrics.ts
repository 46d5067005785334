import { Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Histogram, Registry } from 'prom-client';
import type { Middleware } from '../http/json-body-parser';

/** express sets `route` on a request its router matched: its path pattern ("/v1/ucs/:ucId"). */
type RoutedRequest = IncomingMessage & { route?: { path?: unknown } };

/**
 * HTTP request metrics for `/metrics`: a count and a latency histogram by method, route and status. The route is
 * the matched pattern, never the raw URL (one series per route, not per UC); anything unmatched is "unmatched".
 */
@Injectable()
export class HttpMetrics {
  /** The registry `/metrics` serves (the controller adds its gauges to it). */
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'compensa_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'compensa_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** Times each request from here to the end of its response. */
  middleware(): Middleware {
    return (request: RoutedRequest, response: ServerResponse, next) => {
      const started = process.hrtime.bigint();
      response.once('finish', () => {
        const route = typeof request.route?.path === 'string' ? request.route.path : 'unmatched';
        const labels = { method: request.method ?? 'GET', route, status: String(response.statusCode) };
        this.requests.inc(labels);
        this.duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      });
      next();
    };
  }
}
