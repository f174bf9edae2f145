import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type ServiceMetrics } from './service-metrics';

interface RoutedRequest extends IncomingMessage {
  /** Set by express on the request a route matched: its pattern, `/prestations/:id`. */
  route?: { path?: string };
  baseUrl?: string;
}

/**
 * Express middleware timing every request into prestaflow_http_request_duration_seconds, labelled
 * by the route's pattern (never the raw URL: one series per route, not per prestation id) and
 * status; a request no route matched is `unmatched`.
 */
export function httpMetricsMiddleware(metrics: ServiceMetrics) {
  return (request: RoutedRequest, response: ServerResponse, next: () => void): void => {
    const end = metrics.httpDuration.startTimer();
    response.once('finish', () => {
      const route = typeof request.route?.path === 'string' ? `${request.baseUrl ?? ''}${request.route.path}` : 'unmatched';
      end({ method: request.method ?? 'GET', route, status: String(response.statusCode) });
    });
    next();
  };
}
