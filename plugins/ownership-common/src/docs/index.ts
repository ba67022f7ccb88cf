export * from './auditDocs';
export * from './docsPolicyConfig';
