export * from './topics';
export * from './errors';
export * from './common';
export * from './events';
export * from './envelope';
export * from './commands';
export * from './request-bodies';
