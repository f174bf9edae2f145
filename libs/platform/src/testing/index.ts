export * from './eventually';
export * from './integration';
export * from './own-broker';
export * from './prometheus-text';
export * from './service-health';
export * from './service-process';
export * from './test-issuer';
export * from './stack-isolation';
