export * from './alertmanager';
