/** The regulatory audit: replay through the pure domain, the trail, the checks, and its renderings. */
export * from './audit-selection';
export * from './audit-report';
export * from './audit-replay-state';
export * from './audit-replay';
export * from './event-business-date';
export * from './command-groups';
export * from './rebuild-command';
export * from './json-diff';
export * from './select-streams';
export * from './audit-json';
export * from './audit-csv';
export * from './audit-html';
export * from './pt-br-format';
export * from './compare-read-models';
export * from './parked-in-transit';
export * from './conservation';
export * from './recorded-inputs';
