export { registerCampaignRoutes } from './campaigns.routes.ts';
