export * from './auditDocs';
