export * from './smtp-server';
