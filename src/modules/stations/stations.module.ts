import { defineModule } from '../../server/module.ts';
import { STATIONS_PERMISSIONS } from './stations.contract.ts';
import { registerStationsRoutes } from './stations.routes.ts';
import { registerStationOpsRoutes } from './stations.ops.routes.ts';
import { loadDemoStations } from './stations.demo.ts';
import { stationsChanged } from './stations.map.ts';

/**
 * 工会驿站: stations with hours and amenities, the nearest open one for a worker, visits by QR poster;
 * managers, photos, inspections with stars, donated goods and the services held there.
 * The operation tables hold no person ids (managers are accounts) and copy no union path (they
 * reach the tree through their station).
 */
export const stationsModule = defineModule({
  name: 'stations',
  label: '工会驿站',
  permissions: STATIONS_PERMISSIONS,
  routes: (app, deps) => {
    registerStationsRoutes(app, deps);
    registerStationOpsRoutes(app, deps);
  },
  partitionedTables: [{ table: 'station_visits', column: 'hour' }],
  personReferences: [{ table: 'station_visits', column: 'person_id', idColumn: 'id', uniqueWith: ['station_id', 'hour'] }],
  orgPathCopies: [
    { table: 'stations', column: 'org_path' },
    { table: 'station_visits', column: 'org_path' },
  ],
  metrics: [
    { key: 'stations.open', label: '运营中的驿站', unit: '个', description: '状态为“运营”的驿站（含 24 小时自助开放的）' },
    { key: 'stations.visits', label: '驿站到站', unit: '人次', description: '职工扫驿站二维码登记的到站，每人每站每小时计一次' },
    { key: 'stations.visitors', label: '到站职工', unit: '人', description: '期间内扫码到站的不同职工' },
  ],
  // A move rewrites the stations' union paths: the map's index is rebuilt by scope.
  onOrgMove: async () => stationsChanged(),
  demo: (tx, ctx) => loadDemoStations(tx, ctx),
});
