export * from './prestation-view.projection';
export * from './prestation-view.queries';
export * from './audit-trail';
export * from './company-export';
export * from './view-answers';
