export * from './alertHygiene';
