/** Routes that change a 发放点 after setup: its details and duty, and stock moved to another point. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { guard, requireActor } from '../../server/http.ts';
import { z } from '../../shared/contract.ts';
import { PointIdParams, PointView, StockMoveInput, UpdatePointInput } from './campaigns.contract.ts';
import { moveStock, updatePoint } from './points.service.ts';

export function registerPointRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['慰问活动'];

  r.patch(
    '/api/points/:pointId',
    {
      schema: { tags, summary: '修改发放点（地点、开放时间与日期、值守人员）', params: PointIdParams, body: UpdatePointInput, response: { 200: PointView } },
      onRequest: guard('campaign:write'),
    },
    async (req) => updatePoint(db, requireActor(req), req.params.pointId, req.body),
  );
  r.post(
    '/api/points/:pointId/stock-moves',
    {
      schema: {
        tags,
        summary: '库存调拨到本活动的另一发放点（答复本活动的全部发放点）',
        params: PointIdParams,
        body: StockMoveInput,
        response: { 200: z.array(PointView) },
      },
      onRequest: guard('campaign:write'),
    },
    async (req) => moveStock(db, requireActor(req), req.params.pointId, req.body),
  );
}
