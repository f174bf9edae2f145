export * from './reference-data';
export * from './reference-data.import';
