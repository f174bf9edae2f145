export * from './event-log.codec';
