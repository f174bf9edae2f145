import { Controller, Get, Header } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { contentType } from 'prom-client';
import { OpenEndpoint } from '../auth/caller.guard';
import { ServiceMetrics } from './service-metrics';

/**
 * GET /metrics: the service's metrics in Prometheus text format (0.0.4), gauges computed at
 * this scrape (ADR 0024). Open like /health (Prometheus holds no user token; the network policy
 * keeps it in the cluster) and never counted by the gateway's rate limiter.
 */
@Controller('metrics')
@OpenEndpoint()
@SkipThrottle()
export class MetricsController {
  constructor(private readonly metrics: ServiceMetrics) {}

  @Get()
  @Header('content-type', contentType)
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
