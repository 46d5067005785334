export * from './csv-records';
export * from './decimal-text';
export * from './reading-groups';
export * from './recorded-reading';
export * from './import-readings';
export * from './error-file';
