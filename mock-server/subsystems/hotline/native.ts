import { z } from 'zod';
import { LOCAL_TIME } from '../../codecs/local-time';

/** Vendors send coordinates as numbers or numeric strings; anything else is a schema error. */
const coordinate = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);

/**
 * The 12345 hotline's webhook work order (工单), in its own dialect: Chinese keys, GCJ-02 coordinates
 * (call takers' map apps are AMap/Tencent), local time strings. This is the vendor's schema, not ours.
 */
export const HotlineWorkOrder = z.object({
  工单编号: z.string().regex(/^[A-Z0-9-]{6,40}$/, '工单编号 must be 6–40 of A–Z, 0–9, -'),
  受理时间: z.string().regex(LOCAL_TIME, '受理时间 must be YYYY-MM-DD HH:mm:ss'),
  更新时间: z.string().regex(LOCAL_TIME, '更新时间 must be YYYY-MM-DD HH:mm:ss').optional(),
  来电渠道: z.enum(['电话', 'APP', '网站', '微信', '随申办']),
  诉求类型: z.string().min(1).max(10),
  诉求分类: z.string().min(1).max(60),
  紧急程度: z.string().min(1).max(10),
  诉求内容: z.string().min(1).max(4000),
  地址: z.string().min(1).max(300),
  所属区: z.string().max(20).optional(),
  经度: coordinate,
  纬度: coordinate,
  来电人: z.string().max(50).optional(),
  联系电话: z.string().max(30).optional(),
});
export type HotlineWorkOrder = z.input<typeof HotlineWorkOrder>;
