export * from './prestation-view.projection';
export * from './prestation-view.queries';
export * from './command-receipts';
export * from './internal-command';
export * from './reference-checks';
export * from './audit-trail';
export * from './command-providers';
export * from './company-export';
