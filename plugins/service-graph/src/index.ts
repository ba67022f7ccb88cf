export { serviceGraphPlugin as default } from './plugin';
export { serviceGraphApiRef } from './apis';
