export * from './walkTrace';
export * from './fingerprint';
