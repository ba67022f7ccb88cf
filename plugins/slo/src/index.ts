export { sloPlugin as default } from './plugin';
export { sloApiRef } from './apis';
