export { configureSqlite } from './configureSqlite';
