export * from './event-log.codec';
export * from './prestation-store';
export * from './prestation-store.module';
