export * from './schema';
export type { WallClock } from './zonedTime';
export { isTimeZone, wallClockAt, wallClockToUtc } from './zonedTime';
export * from './whoIsOnCall';
export * from './escalation';
export * from './rotationHealth';
export * from './providers';
export * from './groupEscalationPolicy';
export * from './apiTypes';
