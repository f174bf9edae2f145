export * from './catalogue';
export * from './service-metrics';
export * from './metrics.controller';
export * from './http-metrics';
export * from './consumer-lag';
