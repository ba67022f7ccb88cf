export { ownershipPlugin as default } from './plugin';
export {
  createPostmortemConditionalDecision,
  postmortemConditions,
  postmortemPermissionResourceRef,
  postmortemPermissionRules,
} from './permissions/postmortemRules';
export type {
  PostmortemQuery,
  PostmortemResource,
} from './permissions/postmortemRules';
