export * from './auditDocs';
export * from './docsPolicyConfig';
export * from './apiTypes';
export * from './links';
