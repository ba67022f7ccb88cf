export { ownershipPlugin as default } from './plugin';
export { ownershipApiRef } from './apis';
