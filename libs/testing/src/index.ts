export * from './given-when-then';
export * from './prestation-builders';
export * from './recorded-events';
