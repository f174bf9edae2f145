export * from './prestation-commands';
export * from './worker-profile-commands';
