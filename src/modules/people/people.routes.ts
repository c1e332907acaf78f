import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { sendXlsx } from '../../server/xlsx.ts';
import { z, Ok } from '../../shared/contract.ts';
import { can } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { Forbidden } from '../../server/errors.ts';
import {
  CreateOccupationInput,
  CreatePersonInput,
  OccupationCodeParams,
  UpdateOccupationInput,
  DuplicatePage,
  EMPLOYMENT_FORM_LABELS,
  JoinInput,
  ListDuplicatesQuery,
  ListPeopleQuery,
  MEMBERSHIP_STATE_LABELS,
  MembershipChangeInput,
  MergeInput,
  MergeResult,
  MergePairInput,
  DismissPairInput,
  ScanInput,
  Occupation,
  PeoplePage,
  PersonHistoryEntry,
  PersonIdParams,
  PersonRecordView,
  PersonRow,
  PersonView,
  RevealInput,
  RevealResult,
  ScanResult,
  SEX_LABELS,
  TransferPersonInput,
  UpdatePersonInput,
  WORK_STATUS_LABELS,
} from './people.contract.ts';
import * as people from './people.service.ts';
import { changeMembership, joinUnion, listIncomingTransfers } from './membership.service.ts';
import { dismissPair, listDuplicatePairs, mergePair, scanForDuplicates } from './duplicates.service.ts';
import { mergePeople, personReferencesOf, revertMerge } from './merge.service.ts';
import { getPersonRecord } from './record.service.ts';
import type { PersonDetailRow } from './people.repository.ts';
import * as repo from './people.repository.ts';

const presentOccupation = (o: { code: string; label: string; builtin: boolean; sort: number; peopleCount: number | null }) => ({
  code: o.code,
  label: o.label,
  builtin: o.builtin,
  sort: o.sort,
  peopleCount: o.peopleCount,
});

export function registerPeopleRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db, cipher } = deps;
  const references = personReferencesOf(deps.modules);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['职工档案'];
  const view = async (actor: ReturnType<typeof requireActor>, personId: number) => people.presentPerson(actor, await people.getPerson(db, actor, personId));

  r.get(
    '/api/people',
    {
      schema: {
        tags,
        summary: '职工档案列表（姓名、拼音、首字母、证件号末四位、完整证件号或手机号查找）',
        querystring: ListPeopleQuery,
        response: { 200: PeoplePage },
      },
      onRequest: guard('person:read'),
      config: { reads: 'replica' },
    },
    async (req) => {
      const { items, total, totalIsEstimate } = await people.listPeople({ db, cipher }, requireActor(req), req.query);
      return { items: items.map((i) => people.presentPersonRow(i)), total, totalIsEstimate, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  r.get(
    '/api/people/stats',
    {
      schema: { tags, summary: '本级及下级职工人数与会员人数', response: { 200: z.object({ total: z.number().int(), members: z.number().int() }) } },
      onRequest: guard('person:read'),
      config: { reads: 'replica' },
    },
    async (req) => people.getPeopleStats(db, requireActor(req)),
  );

  r.get(
    '/api/people/export',
    {
      schema: {
        tags,
        summary: '导出职工名单（.xlsx，证件号和手机号脱敏；full=1 时完整显示，须有查看权限并留痕）',
        querystring: ListPeopleQuery.omit({ page: true, pageSize: true }).extend({ full: z.enum(['0', '1']).default('0') }),
      },
      onRequest: guard('person:export'),
      config: { reads: 'replica' },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const full = req.query.full === '1';
      if (full && !can(actor, 'person:reveal')) throw new Forbidden('导出完整证件号码需要“查看完整证件号和手机号”权限');
      const rows = await people.findPeopleForExport({ db, cipher }, actor, { ...req.query, page: 1, pageSize: 1 }, 200_000, full);
      const idOf = (r: PersonDetailRow) => (full ? cipher.decrypt('id_number', r.person.idNumberEnc) : r.person.idMasked);
      const phoneOf = (r: PersonDetailRow) => (full ? (r.person.phoneEnc ? cipher.decrypt('phone', r.person.phoneEnc) : '') : r.person.phoneMasked);
      let n = 0;
      return sendXlsx(
        reply,
        full ? '职工名单（含完整证件号）' : '职工名单',
        [
          { header: '序号', width: 7, value: () => ++n },
          { header: '姓名', width: 10, value: (p: PersonDetailRow) => p.person.name },
          { header: '性别', width: 6, value: (p) => SEX_LABELS[p.person.sex] },
          { header: '出生日期', width: 12, value: (p) => p.person.birthDate },
          { header: '民族', width: 8, value: (p) => p.person.ethnicity },
          { header: '证件号码', width: 22, value: idOf },
          { header: '手机号', width: 14, value: phoneOf },
          { header: '所属工会', width: 30, value: (p) => p.orgName },
          { header: '工作单位', width: 30, value: (p) => p.person.employerName },
          { header: '职业', width: 12, value: (p) => p.occupationLabel },
          {
            header: '用工形式',
            width: 12,
            value: (p) => (p.person.employmentForm ? EMPLOYMENT_FORM_LABELS[p.person.employmentForm as keyof typeof EMPLOYMENT_FORM_LABELS] : ''),
          },
          {
            header: '工作状态',
            width: 8,
            value: (p) => (p.person.workStatus ? WORK_STATUS_LABELS[p.person.workStatus as keyof typeof WORK_STATUS_LABELS] : ''),
          },
          { header: '会籍', width: 8, value: (p) => (p.membershipState ? MEMBERSHIP_STATE_LABELS[p.membershipState] : '非会员') },
          { header: '会员编号', width: 20, value: (p) => p.memberNo },
          { header: '标签', width: 20, value: (p) => p.person.tags.join('、') },
        ],
        rows,
      );
    },
  );

  r.get(
    '/api/people/transfers/incoming',
    {
      schema: { tags, summary: '待本级接收的会籍转入', response: { 200: z.array(PersonRow.extend({ pendingOrgName: z.string().nullable() })) } },
      onRequest: guard('person:read'),
    },
    async (req) => (await listIncomingTransfers(db, requireActor(req))).map((row) => ({ ...people.presentPersonRow(row), pendingOrgName: row.pendingOrgName })),
  );

  r.get(
    '/api/people/duplicates',
    { schema: { tags, summary: '待审核的疑似重复', querystring: ListDuplicatesQuery, response: { 200: DuplicatePage } }, onRequest: guard('person:merge') },
    async (req) => {
      const actor = requireActor(req);
      const { items, total } = await listDuplicatePairs(db, actor, req.query);
      const rowOf = async (pid: number) => people.presentPersonRow((await repo.findPersonInScope(db, scopeOf(actor), pid))!);
      const pairs = await Promise.all(
        items.map(async (p) => ({
          id: p.id,
          score: p.score,
          level: p.level,
          reasons: p.reasons,
          foundAt: p.foundAt.toISOString(),
          a: await rowOf(p.aId),
          b: await rowOf(p.bId),
        })),
      );
      return { items: pairs, total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  r.post(
    '/api/people/duplicates/scan',
    { schema: { tags, summary: '在本级及下级范围内查找疑似重复', body: ScanInput, response: { 200: ScanResult } }, onRequest: guard('person:merge') },
    async (req) => scanForDuplicates(db, requireActor(req), req.body.orgId),
  );

  r.post(
    '/api/people/duplicates/:id/dismiss',
    { schema: { tags, summary: '确认不是同一人', params: PersonIdParams, body: DismissPairInput, response: { 200: Ok } }, onRequest: guard('person:merge') },
    async (req) => {
      await dismissPair(db, requireActor(req), { id: req.params.id, reason: req.body.reason });
      return { ok: true as const };
    },
  );

  r.post(
    '/api/people/duplicates/:id/merge',
    {
      schema: { tags, summary: '合并一对疑似重复（逐字段选择保留值）', params: PersonIdParams, body: MergePairInput, response: { 200: MergeResult } },
      onRequest: guard('person:merge'),
    },
    async (req) => mergePair(db, requireActor(req), { id: req.params.id, ...req.body }, references),
  );

  r.post(
    '/api/people/merge',
    { schema: { tags, summary: '合并两份档案（逐字段选择保留值）', body: MergeInput, response: { 200: MergeResult } }, onRequest: guard('person:merge') },
    async (req) => mergePeople(db, requireActor(req), req.body, references),
  );

  r.post(
    '/api/people/merges/:id/revert',
    {
      schema: {
        tags,
        summary: '撤销合并',
        params: PersonIdParams,
        response: { 200: z.object({ survivorId: z.number().int(), restoredId: z.number().int() }) },
      },
      onRequest: guard('person:unmerge'),
    },
    async (req) => revertMerge(db, requireActor(req), req.params.id, references),
  );

  r.get(
    '/api/people/:id',
    { schema: { tags, summary: '职工档案详情（脱敏）', params: PersonIdParams, response: { 200: PersonView } }, onRequest: guard('person:read') },
    async (req) => view(requireActor(req), req.params.id),
  );

  r.post(
    '/api/people',
    { schema: { tags, summary: '新增职工档案', body: CreatePersonInput, response: { 201: PersonView } }, onRequest: guard('person:write') },
    async (req, reply) => {
      const actor = requireActor(req);
      const personId = await people.createPerson({ db, cipher }, actor, req.body);
      return reply.status(201).send(await view(actor, personId));
    },
  );

  r.patch(
    '/api/people/:id',
    {
      schema: { tags, summary: '修改职工档案（带 version 防覆盖）', params: PersonIdParams, body: UpdatePersonInput, response: { 200: PersonView } },
      onRequest: guard('person:write'),
    },
    async (req) => {
      const actor = requireActor(req);
      await people.updatePerson({ db, cipher }, actor, { id: req.params.id, data: req.body });
      return view(actor, req.params.id);
    },
  );

  r.post(
    '/api/people/:id/reveal',
    {
      schema: { tags, summary: '查看完整证件号码或手机号（须说明原因，留痕）', params: PersonIdParams, body: RevealInput, response: { 200: RevealResult } },
      onRequest: guard('person:reveal'),
    },
    async (req) => ({
      field: req.body.field,
      value: await people.revealPerson({ db, cipher }, requireActor(req), { id: req.params.id, ...req.body }),
    }),
  );

  r.post(
    '/api/people/:id/transfer',
    {
      schema: { tags, summary: '调转到本级管辖的另一工会', params: PersonIdParams, body: TransferPersonInput, response: { 200: PersonView } },
      onRequest: guard('person:write'),
    },
    async (req) => {
      const actor = requireActor(req);
      await people.transferPerson(db, actor, { id: req.params.id, ...req.body });
      return view(actor, req.params.id);
    },
  );

  r.get(
    '/api/people/:id/history',
    { schema: { tags, summary: '档案变更历史', params: PersonIdParams, response: { 200: z.array(PersonHistoryEntry) } }, onRequest: guard('person:read') },
    async (req) => (await people.getPersonHistory(db, requireActor(req), req.params.id)).map((h) => ({ ...h, at: h.at.toISOString() })),
  );

  r.get(
    '/api/people/:id/record',
    {
      schema: { tags, summary: '职工全景：会籍、慰问发放、困难帮扶等（本级及下级可见的部分）', params: PersonIdParams, response: { 200: PersonRecordView } },
      onRequest: guard('person:read'),
    },
    async (req) => getPersonRecord(db, requireActor(req), req.params.id, deps.modules),
  );

  r.post(
    '/api/people/:id/membership',
    { schema: { tags, summary: '入会', params: PersonIdParams, body: JoinInput, response: { 200: PersonView } }, onRequest: guard('person:write') },
    async (req) => {
      const actor = requireActor(req);
      await joinUnion(db, actor, { personId: req.params.id, ...req.body });
      return view(actor, req.params.id);
    },
  );

  r.post(
    '/api/people/:id/membership/change',
    {
      schema: { tags, summary: '会籍变动：退会、除名、恢复、转出、接收或拒收转入', params: PersonIdParams, body: MembershipChangeInput, response: { 200: Ok } },
      onRequest: guard('person:write'),
    },
    async (req) => {
      await changeMembership(db, requireActor(req), { personId: req.params.id, ...req.body });
      return { ok: true as const };
    },
  );

  r.get(
    '/api/occupations',
    { schema: { tags, summary: '职业代码表（含本级及下级持该职业的职工人数）', response: { 200: z.array(Occupation) } }, onRequest: guard() },
    async (req) => (await people.listOccupations(db, requireActor(req))).map(presentOccupation),
  );

  r.post(
    '/api/occupations',
    { schema: { tags, summary: '新增职业（系统管理员）', body: CreateOccupationInput, response: { 201: Occupation } }, onRequest: guard('person:write') },
    async (req, reply) => {
      const o = await people.createOccupation(db, requireActor(req), req.body);
      return reply.status(201).send(presentOccupation(o));
    },
  );

  r.patch(
    '/api/occupations/:code',
    {
      schema: {
        tags,
        summary: '修改职业名称或排序（系统管理员；代码不可改）',
        params: OccupationCodeParams,
        body: UpdateOccupationInput,
        response: { 200: Occupation },
      },
      onRequest: guard('person:write'),
    },
    async (req) => presentOccupation(await people.updateOccupation(db, requireActor(req), { code: req.params.code, data: req.body })),
  );
}
