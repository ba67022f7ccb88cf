export { ownershipPlugin as default } from './plugin';
export { ownershipApiRef } from './apis';
export {
  ownershipLegacyPlugin,
  EntityOwnershipContent,
  EntityOwnerCard,
  EntityDocsHealthCard,
  EntityOnCallContent,
  EntityPostmortemsContent,
  EntityTeamHealthContent,
  OrgOverviewPage,
} from './legacy';
