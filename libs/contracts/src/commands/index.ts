export * from './prestation-commands';
export * from './worker-profile-commands';
export * from './user-absence-commands';
