import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { queryRows } from '../../server/db.ts';
import { pgErrorOf } from '../../server/errors.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { chinaToday } from '../../shared/dates.ts';

let t: TestApp;
let nmg: TestClient;
let hhht: TestClient;
let xcq: TestClient;
let cadre: TestClient;
const today = chinaToday();
const year = Number(today.slice(0, 4));
/** Months of last year: in the past whatever day the suite runs. */
const month = (m: number) => `${year - 1}-${String(m).padStart(2, '0')}`;

let seq = 500;
async function modelWorker(name: string, honours: { level: string; year: number; withBenefits?: boolean }[], orgId = t.seed.xinChengSanitation.id) {
  seq += 2;
  const res = await xcq.post('/api/people', { name, idNumber: withCheckCharacter(`15010219600101${String(seq).padStart(3, '0')}`), orgId });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as number;
  for (const h of honours) {
    const r = await xcq.post(`/api/modelworkers/${id}/honours`, { awardingBody: '授予机关', withBenefits: true, ...h });
    expect(r.statusCode, r.body).toBe(201);
  }
  return id;
}

/** The constraint the database names when it refuses `statement`; null when it does not refuse. */
async function refused(statement: SQL) {
  try {
    await queryRows(t.db, statement);
  } catch (err) {
    return pgErrorOf(err)?.constraint ?? String(err);
  }
  return null;
}

const policy = async (client: TestClient, orgId: number, key: string, yuan: number) => {
  const res = await client.post('/api/policies', { orgId, key, value: yuan * 100, effectiveFrom: `${year - 3}-01-01` });
  expect(res.statusCode, res.body).toBe(200);
};
const lineOf = (detail: { lines: { items: { personId: number; amountFen: number; level: string }[] } }, personId: number) =>
  detail.lines.items.find((l) => l.personId === personId);

let national: number;
let city: number;
let both: number;
let noBenefits: number;

beforeAll(async () => {
  t = await createTestApp();
  [nmg, hhht, xcq, cadre] = [await t.as('nmg_admin'), await t.as('hhht_admin'), await t.as('xcq_admin'), await t.as('xcq_cadre')];
  // 内蒙古's standards, and 新城区's own for city-level model workers.
  await policy(nmg, t.seed.nmg.id, 'mw_honorary_national_model', 600);
  await policy(nmg, t.seed.nmg.id, 'mw_honorary_provincial', 300);
  await policy(nmg, t.seed.nmg.id, 'mw_honorary_city', 100);
  await policy(xcq, t.seed.xinCheng.id, 'mw_honorary_city', 150);
  national = await modelWorker('全国劳模', [{ level: 'national_model', year: 2015 }]);
  city = await modelWorker('市级劳模', [{ level: 'city', year: 2010 }]);
  both = await modelWorker('双料劳模', [
    { level: 'city', year: 2008 },
    { level: 'provincial', year: 2012 },
  ]);
  noBenefits = await modelWorker('不享受待遇', [{ level: 'national_model', year: 2016, withBenefits: false }]);
});
afterAll(() => t.close());

describe('allowance runs', () => {
  it('lists everyone owed the allowance at their union’s amount for the highest honour, and waits for a second account', async () => {
    const res = await hhht.post('/api/modelworkers/runs', { orgId: t.seed.hhht.id, kind: 'honorary', period: month(3) });
    expect(res.statusCode, res.body).toBe(201);
    const run = res.json();
    expect(run).toMatchObject({ status: 'draft', persons: 3, amountFen: 600_00 + 150_00 + 300_00, can: { confirm: false, cancel: true } });
    const detail = (await hhht.get(`/api/modelworkers/runs/${run.id}`)).json();
    expect(lineOf(detail, national)).toMatchObject({ amountFen: 600_00, level: 'national_model' });
    expect(lineOf(detail, city)).toMatchObject({ amountFen: 150_00, level: 'city' });
    expect(lineOf(detail, both)).toMatchObject({ amountFen: 300_00, level: 'provincial' });
    expect(lineOf(detail, noBenefits)).toBeUndefined();
    expect(detail.byLevel).toEqual([
      { level: 'national_model', persons: 1, amountFen: 600_00 },
      { level: 'provincial', persons: 1, amountFen: 300_00 },
      { level: 'city', persons: 1, amountFen: 150_00 },
    ]);

    // Four eyes: the maker cannot confirm (nor can the database be made to), another account can.
    const own = await hhht.post(`/api/modelworkers/runs/${run.id}/confirm`);
    expect(own.statusCode).toBe(403);
    expect(own.json().message).toMatch(/^发放批次须由生成人以外的人确认/);
    expect(
      await refused(
        sql`update model_worker_allowance_runs set confirmed_by = created_by, confirmed_at = now(), paid_on = now(), status = 'paid' where id = ${run.id}`,
      ),
    ).toBe('model_worker_allowance_runs_four_eyes_check');
    expect((await cadre.post(`/api/modelworkers/runs/${run.id}/confirm`)).statusCode).toBe(403);
    const inbox = (await nmg.get('/api/inbox')).json();
    expect(JSON.stringify(inbox)).toContain('modelworkers.confirm');
    const paid = await nmg.post(`/api/modelworkers/runs/${run.id}/confirm`);
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ status: 'paid', paidOn: today, confirmedBy: 'nmg_admin', persons: 3 });
    expect((await nmg.post(`/api/modelworkers/runs/${run.id}/confirm`)).statusCode).toBe(409);

    // The ledger on the person's page, and the payment file.
    const page = (await xcq.get(`/api/modelworkers/${national}`)).json();
    expect(page.allowances).toContainEqual(expect.objectContaining({ kind: 'honorary', period: month(3), amountFen: 600_00, state: 'paid', paidOn: today }));
    const file = await hhht.get(`/api/modelworkers/runs/${run.id}/payment.xlsx`);
    expect(file.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const cells: unknown[] = [];
    wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => void cells.push(c.value)));
    expect(cells).toEqual(expect.arrayContaining(['全国劳模', 600, '合计', 1050]));
    const csv = await hhht.get(`/api/modelworkers/runs/${run.id}/payment.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toMatch(/^\uFEFF序号,姓名,证件号码/);
    expect(csv.body).toContain(`全国劳模,150102********`);
    expect(csv.body).toMatch(/,600\.00,\r\n/);
  });

  it('never pays anyone twice for an allowance and period, whichever union’s run lists them', async () => {
    const again = await xcq.post('/api/modelworkers/runs', { orgId: t.seed.xinCheng.id, kind: 'honorary', period: month(3) });
    expect(again.statusCode).toBe(400);
    expect(again.json().fields[0]).toMatchObject({ field: 'period' });
    expect(again.json().message).toContain('已在其他批次 3 人');
    const [line] = await queryRows<{ run_id: number; honour_id: number; org_id: number }>(
      t.db,
      sql`select run_id, honour_id, org_id from model_worker_allowance_lines where person_id = ${national} and period = ${month(3)}`,
    );
    expect(
      await refused(sql`insert into model_worker_allowance_lines (run_id, person_id, kind, period, honour_id, level, amount_fen, org_id)
                        values (${line!.run_id}, ${national}, 'honorary', ${month(3)}, ${line!.honour_id}, 'national_model', 100, ${line!.org_id})`),
    ).toBe('model_worker_allowance_lines_once_key');
    // Nor is a paid line changed or removed.
    const paid = sql`person_id = ${national} and period = ${month(3)}`;
    expect(await refused(sql`update model_worker_allowance_lines set amount_fen = 1 where ${paid}`)).toBe('model_worker_allowance_lines_paid_check');
    expect(await refused(sql`delete from model_worker_allowance_lines where ${paid}`)).toBe('model_worker_allowance_lines_paid_check');
  });

  it('stops a dead person’s allowance from the period after the death, and drops them from a run waiting for confirmation', async () => {
    const dies = await modelWorker('病故劳模', [{ level: 'national_model', year: 2001 }]);
    const draft = (await xcq.post('/api/modelworkers/runs', { orgId: t.seed.xinCheng.id, kind: 'honorary', period: month(5) })).json();
    expect(draft.persons).toBe(4);
    // Died on 10 April: April is paid, May is not (the draft for May loses the line at confirmation).
    expect((await xcq.post(`/api/modelworkers/${dies}/statuses`, { status: 'deceased', since: `${month(4)}-10` })).statusCode).toBe(200);
    const april = (await xcq.post('/api/modelworkers/runs', { orgId: t.seed.xinCheng.id, kind: 'honorary', period: month(4) })).json();
    expect(lineOf((await xcq.get(`/api/modelworkers/runs/${april.id}?pageSize=50`)).json(), dies)).toBeDefined();
    const confirmed = (await hhht.post(`/api/modelworkers/runs/${draft.id}/confirm`)).json();
    expect(confirmed).toMatchObject({ status: 'paid', persons: 3, removed: 1 });
    const june = (await xcq.post('/api/modelworkers/runs', { orgId: t.seed.xinCheng.id, kind: 'honorary', period: month(6) })).json();
    expect(june).toMatchObject({ persons: 3, excluded: { deceased: 1, noStandard: 0, elsewhere: 0 } });
  });

  it('a cancelled run frees its people for another; a yearly allowance needs a year and its own standards', async () => {
    const draft = (await xcq.post('/api/modelworkers/runs', { orgId: t.seed.xinCheng.id, kind: 'honorary', period: month(8) })).json();
    const busy = await hhht.post('/api/modelworkers/runs', { orgId: t.seed.hhht.id, kind: 'honorary', period: month(8) });
    expect(busy.statusCode).toBe(400);
    const cancelled = await xcq.post(`/api/modelworkers/runs/${draft.id}/cancel`, { reason: '标准有误' });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', persons: 0, cancelReason: '标准有误' });
    expect((await hhht.post('/api/modelworkers/runs', { orgId: t.seed.hhht.id, kind: 'honorary', period: month(8) })).statusCode).toBe(201);
    expect((await xcq.get(`/api/modelworkers/runs/${draft.id}/payment.xlsx`)).statusCode).toBe(409);

    const wrongForm = await xcq.post('/api/modelworkers/runs', { orgId: t.seed.xinCheng.id, kind: 'living', period: month(8) });
    expect(wrongForm.json().fields).toContainEqual({ field: 'period', message: '生活补助按年发放，发放期间格式为 2026' });
    const future = await xcq.post('/api/modelworkers/runs', { orgId: t.seed.xinCheng.id, kind: 'honorary', period: `${year + 1}-01` });
    expect(future.json().fields).toContainEqual({ field: 'period', message: '发放期间不能晚于本期' });
    const noStandard = await xcq.post('/api/modelworkers/runs', { orgId: t.seed.xinCheng.id, kind: 'living', period: String(year - 1) });
    expect(noStandard.statusCode).toBe(400);
    // 病故劳模 died in April of that year: alive when it began, owed the yearly allowance too.
    expect(noStandard.json().message).toContain('所在单位未设置标准 4 人');
  });

  it('keeps a run of one union out of a sibling’s sight', async () => {
    const sh = await t.as('sh_admin');
    const run = (await xcq.get('/api/modelworkers/runs?status=paid')).json().items[0];
    expect((await sh.get(`/api/modelworkers/runs/${run.id}`)).statusCode).toBe(404);
    expect((await sh.post(`/api/modelworkers/runs/${run.id}/cancel`, { reason: '越权' })).statusCode).toBe(404);
    expect((await sh.get('/api/modelworkers/runs')).json().total).toBe(0);
    expect((await sh.post('/api/modelworkers/runs', { orgId: t.seed.xinCheng.id, kind: 'honorary', period: month(9) })).statusCode).toBe(404);
  });
});
