export { sloPlugin as default } from './plugin';
export { sloApiRef } from './apis';
export {
  sloLegacyPlugin,
  EntitySloContent,
  EntitySloSummaryCard,
  EntityTeamSloScorecard,
} from './legacy';
