/**
 * Routes that hold no org's data, so there is nothing outside the caller's subtree to reach: each
 * with the reason, for review. The scope suite and the scope prober both leave them out.
 */
export const NOT_ORG_DATA: Readonly<Record<string, string>> = {
  'GET /api/health': 'liveness probe',
  'GET /api/health/live': 'liveness probe',
  'GET /api/health/ready': 'readiness probe: the database answers and is migrated; no data',
  'GET /api/system/info': 'installation facts for the sign-in page',
  'POST /api/auth/login': 'signs in; no org data',
  'POST /api/auth/logout': 'ends the caller’s own session',
  'GET /api/auth/me': 'the caller’s own account',
  'POST /api/auth/password': 'the caller’s own password',
  'POST /api/auth/sessions/revoke-all': 'the caller’s own sessions',
  'GET /api/divisions': 'public GB/T 2260 reference data',
  'GET /api/orgs/import/template': 'an empty template',
  'GET /api/hardship/import/template.xlsx': 'an empty template with one made-up example row',
  'GET /api/stations/import/template.xlsx': 'an empty template with one made-up example row',
  'GET /api/health/results/template.xlsx': 'an empty template with made-up example rows',
  'GET /api/modelworkers/import/template.xlsx': 'an empty template with one made-up example row',
  'GET /api/mutualaid/enrol/template.xlsx': 'an empty template with one made-up example row',
  'POST /api/mutualaid/payout-preview': 'computes a payout from the formula and facts in its body; reads no record',
  'GET /api/public/stations/nearest': 'public station finder: names, addresses, hours and amenities of open stations, as a roadside sign shows them',
  'GET /api/public/stations/map': 'public station map: the open stations of the whole country clustered, with the names, addresses and hours the finder shows',
  'GET /api/public/stations/map/settings': 'the map’s tile provider and 审图号, no data',
  'GET /api/public/volunteer-certificates/{code}':
    'checks a certificate by the code printed on it: the masked name, the issuing union and the hours, as the paper itself shows them',
  'GET /api/public/camps/{id}/draw': 'a summer camp’s published draw: application numbers, keys and groups for anyone to re-run, no names and no union',
};
