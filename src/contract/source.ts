import { z } from 'zod';

/** The city's subsystems (信息孤岛) the product connects; one id each, used in event ids and feed health. */
export const SourceId = z.enum([
  'hotline', // 12345 政务热线
  'city-management', // 数字城管
  'video', // 雪亮工程
  'traffic', // 交警
  'iot', // 物联感知
  'grid', // 网格化管理
  'warnings', // 预警发布 (CAP)
  'open311', // Open311 GeoReport v2 clients (市民 apps, partner systems) submitting requests through our API
]);
export type SourceId = z.infer<typeof SourceId>;
export const SOURCE_IDS = SourceId.options;
