import { z } from 'zod';

/**
 * The 数字城管 platform's case (案卷) as its REST API serves it: GB/T 30428 / CJ/T 214 "components and
 * events" with 2-digit major + 2-digit minor class codes, a 16-digit component id for 部件 cases, the
 * 15-digit unit-grid code, **BD-09** coordinates (the platform's map is Baidu's) and epoch-second times.
 * This is the vendor's schema, not ours.
 */
export const CityManagementCase = z.object({
  /** 案卷号: 14 digits, yyMMddHHmmss of creation (local) + 2-digit serial within that second. */
  caseCode: z.string().regex(/^\d{14}$/, 'caseCode must be 14 digits'),
  caseKind: z.enum(['部件', '事件']),
  /** 大类 code, 2 digits. */
  mainTypeCode: z.string().regex(/^\d{2}$/, 'mainTypeCode must be 2 digits'),
  /** 小类 code within the major class, 2 digits. */
  subTypeCode: z.string().regex(/^\d{2}$/, 'subTypeCode must be 2 digits'),
  subTypeName: z.string().max(50),
  /** 部件标识码: 6-digit district + 2+2 class + 6-digit serial; null for 事件 cases. */
  componentId: z
    .string()
    .regex(/^\d{16}$/, 'componentId must be 16 digits')
    .nullable(),
  /** 万米单元网格 code, 15 digits. */
  gridCode: z.string().regex(/^\d{15}$/, 'gridCode must be 15 digits'),
  /** BD-09 longitude and latitude. */
  bdX: z.number(),
  bdY: z.number(),
  address: z.string().min(1).max(300),
  description: z.string().min(1).max(2000),
  caseSource: z.string().min(1).max(20),
  /** 1 信息收集 · 2 案卷建立 · 3 任务派遣 · 4 任务处理 · 5 处理反馈 · 6 核查结案. */
  statusCode: z.number().int(),
  statusName: z.string().max(20),
  /** Epoch seconds (UTC). */
  createTime: z.number().int(),
  updateTime: z.number().int(),
  deadlineTime: z.number().int().nullable(),
  handleDept: z.string().max(100).nullable(),
  supervisorId: z.string().max(20).nullable(),
});
export type CityManagementCase = z.input<typeof CityManagementCase>;

/**
 * `GET /api/cases?updatedSince=<epoch s>&page=N&pageSize=M`: cases whose updateTime ≥ updatedSince, newest
 * change first (updateTime desc, caseCode asc). `serverTime` is the platform's clock when it answered.
 * Items stay `unknown` here: each is judged alone by the adapter, so one bad case never fails a page.
 */
export const CasePage = z.object({
  code: z.literal(0),
  msg: z.string(),
  serverTime: z.number().int().nonnegative(),
  data: z.object({
    total: z.number().int().nonnegative(),
    page: z.number().int().positive(),
    pageSize: z.number().int().positive(),
    items: z.array(z.unknown()),
  }),
});
export type CasePage = z.infer<typeof CasePage>;

/** The platform's case list endpoint. */
export const CASES_PATH = '/api/cases';

/** Plausible epoch seconds: 2000-01-01 … 2100-01-01. A millisecond value (13 digits) falls outside. */
export const EPOCH_S_MIN = 946_684_800;
export const EPOCH_S_MAX = 4_102_444_800;
