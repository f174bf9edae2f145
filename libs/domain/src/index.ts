export * from './policy';
export * from './prestation-state';
export * from './prestation-decider';
export * from './statuses';
export * from './brussels-time';
export * from './worker-profile';
export * from './user-absences';
export { activityLabels, colourLabels, companyLabels, contestReasonLabels, languages, userLabels } from './status-labels';
