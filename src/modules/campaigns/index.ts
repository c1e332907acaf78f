export { registerCampaignRoutes } from './campaigns.routes.ts';
export { loadDemoCampaigns } from './demo.ts';
