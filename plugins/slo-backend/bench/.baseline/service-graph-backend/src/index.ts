export { serviceGraphPlugin as default } from './plugin';
