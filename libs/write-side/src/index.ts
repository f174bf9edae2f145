export * from './prestation-store';
export * from './prestation-store.module';
export * from './command-receipts';
export * from './internal-command';
export * from './reference-checks';
export * from './command-providers';
export * from './internal-endpoint';
