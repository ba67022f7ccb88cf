export * from './walkTrace';
export * from './fingerprint';
export * from './routedOnCall';
