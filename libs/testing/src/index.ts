export * from './given-when-then';
export * from './prestation-builders';
