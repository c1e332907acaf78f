/** Distribution points, their stock and the accounts on duty. */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';
import { orgs } from '../orgs/orgs.schema.ts';
import { accounts } from '../auth/auth.schema.ts';
import { campaignPointStock, campaignPoints, campaignStockMoves, campaigns } from './campaigns.schema.ts';

export async function insertPoint(db: DbOrTx, values: typeof campaignPoints.$inferInsert) {
  const [row] = await db.insert(campaignPoints).values(values).returning();
  return row!;
}

export async function insertStock(db: DbOrTx, rows: (typeof campaignPointStock.$inferInsert)[]) {
  if (rows.length) await db.insert(campaignPointStock).values(rows);
}

export async function findPoint(db: DbOrTx, scope: Scope, pointId: number) {
  const [row] = await db
    .select({
      point: campaignPoints,
      orgName: orgs.name,
      orgPath: orgs.path,
      campaignName: campaigns.name,
      campaignStatus: campaigns.status,
      campaignStartsOn: campaigns.startsOn,
      campaignEndsOn: campaigns.endsOn,
    })
    .from(campaignPoints)
    .innerJoin(orgs, eq(orgs.id, campaignPoints.orgId))
    .innerJoin(campaigns, eq(campaigns.id, campaignPoints.campaignId))
    .where(and(eq(campaignPoints.id, pointId), sql`${orgs.path} like ${scopePattern(scope)}`));
  return row;
}

export async function listPoints(db: DbOrTx, where: SQL) {
  return db
    .select({
      point: campaignPoints,
      orgName: orgs.name,
      orgPath: orgs.path,
      campaignName: campaigns.name,
      campaignStatus: campaigns.status,
      campaignStartsOn: campaigns.startsOn,
      campaignEndsOn: campaigns.endsOn,
    })
    .from(campaignPoints)
    .innerJoin(orgs, eq(orgs.id, campaignPoints.orgId))
    .innerJoin(campaigns, eq(campaigns.id, campaignPoints.campaignId))
    .where(where)
    .orderBy(asc(campaignPoints.id));
}

export function pointsOfCampaign(campaignId: number, scope: Scope): SQL {
  return sql`${campaignPoints.campaignId} = ${campaignId} and ${orgs.path} like ${scopePattern(scope)}`;
}

/** Points of running campaigns the account is on duty at, or (for staff) inside their subtree. */
export function pointsForAccount(accountId: number, scope: Scope, dutyOnly: boolean): SQL {
  const duty = sql`${accountId} = any(${campaignPoints.dutyAccountIds})`;
  const scoped = sql`${orgs.path} like ${scopePattern(scope)}`;
  return sql`${campaigns.status} = 'running' and ${scoped} and ${dutyOnly ? duty : sql`true`}`;
}

export async function pointDetails(db: DbOrTx, pointIds: number[], today: string) {
  if (!pointIds.length) return { stock: [], duty: [], issued: [] };
  const ids = sql.join(
    pointIds.map((i) => sql`${i}`),
    sql`, `,
  );
  const stock = await queryRows<{ point_id: number; package_id: number; package_name: string; quantity: number; issued: number }>(
    db,
    sql`select s.point_id, s.package_id, pk.name as package_name, s.quantity, s.issued from campaign_point_stock s join campaign_packages pk on pk.id = s.package_id where s.point_id in (${ids}) order by pk.sort`,
  );
  const duty = await queryRows<{ point_id: number; account_id: number; name: string }>(
    db,
    sql`select p.id as point_id, a.id as account_id, coalesce(a.display_name, a.username) as name from campaign_points p join accounts a on a.id = any(p.duty_account_ids) where p.id in (${ids}) order by a.id`,
  );
  const issued = await queryRows<{ point_id: number; total: number; today: number }>(
    db,
    sql`select point_id, (count(*) filter (where kind = 'issue') - count(*) filter (where kind = 'reversal'))::int as total,
               (count(*) filter (where kind = 'issue' and "on" = ${today}) - count(*) filter (where kind = 'reversal' and "on" = ${today}))::int as today
          from disbursement_lines where point_id in (${ids}) group by point_id`,
  );
  return { stock, duty, issued };
}

export async function accountsInScope(db: DbOrTx, ids: number[], scope: Scope) {
  if (!ids.length) return [];
  return db
    .select({ id: accounts.id })
    .from(accounts)
    .innerJoin(orgs, eq(orgs.id, accounts.orgId))
    .where(and(inArray(accounts.id, ids), sql`${orgs.path} like ${scopePattern(scope)}`));
}

export async function updatePoint(
  db: DbOrTx,
  pointId: number,
  values: Pick<typeof campaignPoints.$inferInsert, 'name' | 'address' | 'hours' | 'opensOn' | 'closesOn' | 'dutyAccountIds'>,
) {
  await db.update(campaignPoints).set(values).where(eq(campaignPoints.id, pointId));
}

/** The stock rows of a tier at these points, locked in point order (the order every writer takes). */
export async function lockStock(db: DbOrTx, pointIds: number[], packageId: number) {
  return queryRows<{ point_id: number; quantity: number; issued: number }>(
    db,
    sql`select point_id, quantity, issued from campaign_point_stock
         where package_id = ${packageId} and point_id in (${sql.join(
           pointIds.map((i) => sql`${i}`),
           sql`, `,
         )}) order by point_id for update`,
  );
}

/** Takes stock from a point; the row's check (issued <= quantity) refuses taking what was handed out. */
export async function takeStock(db: DbOrTx, pointId: number, packageId: number, quantity: number) {
  await db.execute(sql`update campaign_point_stock set quantity = quantity - ${quantity} where point_id = ${pointId} and package_id = ${packageId}`);
}

export async function addStock(db: DbOrTx, pointId: number, packageId: number, quantity: number) {
  await db.execute(sql`update campaign_point_stock set quantity = quantity + ${quantity} where point_id = ${pointId} and package_id = ${packageId}`);
}

export async function insertStockMove(db: DbOrTx, values: typeof campaignStockMoves.$inferInsert) {
  await db.insert(campaignStockMoves).values(values);
}
