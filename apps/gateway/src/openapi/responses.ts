/** What the views' answers add to a prestation's ids (issue 11), for the operations' descriptions in the OpenAPI document. */
export const namedItems =
  'companyName, workerName and userName (the household) beside the ids: the reference data\'s names, looked up when read so a re-imported name shows at once and the projection stays rebuildable; null when the reference data no longer has them';
