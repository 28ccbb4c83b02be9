import { z } from 'zod';

/**
 * The one catalogue of reason codes. Callers branch on `code`, never on message text.
 * The same codes label dead-lettered records, REST errors and socket acks.
 */
export const ERROR_CATALOGUE = {
  BAD_REQUEST: { status: 400, zh: '请求无效', en: 'Bad request' },
  INTAKE_DECODE: { status: 400, zh: '无法解析的报文', en: 'Payload could not be decoded' },
  INTAKE_SCHEMA: {
    status: 422,
    zh: '报文字段不符合接口规范',
    en: 'Payload does not match the source schema',
  },
  COORD_OUT_OF_RANGE: { status: 422, zh: '坐标超出城市范围', en: 'Coordinates outside the city' },
  BAD_TIME: { status: 422, zh: '时间格式或取值无效', en: 'Invalid time value' },
  UNKNOWN_CODE: { status: 422, zh: '未知的编码', en: 'Unknown code' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '报文过大', en: 'Payload too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  NOT_FOUND: { status: 404, zh: '未找到', en: 'Not found' },
  UNKNOWN_TOPIC: { status: 400, zh: '未知的订阅主题', en: 'Unknown topic' },
  ILLEGAL_TRANSITION: { status: 409, zh: '不允许的状态流转', en: 'Illegal status transition' },
  VERSION_CONFLICT: { status: 409, zh: '事件已被他人修改', en: 'Event changed by someone else' },
  REASON_REQUIRED: { status: 422, zh: '此操作需要填写原因', en: 'This action needs a reason' },
  CAP_INVALID: {
    status: 422,
    zh: '预警报文未通过 CAP 1.2 校验',
    en: 'The warning does not validate as CAP 1.2',
  },
  UNAUTHENTICATED: { status: 401, zh: '未登录', en: 'Not signed in' },
  FORBIDDEN: { status: 403, zh: '无权限', en: 'Forbidden' },
  FORBIDDEN_DISTRICT: { status: 403, zh: '无该辖区权限', en: 'Outside your districts' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁', en: 'Too many requests' },
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  CSRF_FAILED: {
    status: 403,
    zh: '请求来源校验失败，请刷新页面',
    en: 'Request origin check failed; reload the page',
  },
  SIGNED_URL_EXPIRED: { status: 403, zh: '视频地址已过期', en: 'Stream URL expired' },
  SIGNED_URL_INVALID: {
    status: 403,
    zh: '视频地址无效或不属于当前用户',
    en: 'Stream URL invalid or issued to someone else',
  },
  USERNAME_TAKEN: { status: 409, zh: '用户名已存在', en: 'Username already taken' },
  CAMERA_OFFLINE: { status: 409, zh: '摄像机离线', en: 'Camera is offline' },
  VIDEO_CAPACITY: {
    status: 503,
    zh: '视频并发路数已满，请关闭其他画面后重试',
    en: 'All video channels are in use; close another video and retry',
  },
  VIDEO_START_FAILED: { status: 502, zh: '视频流启动失败', en: 'The video stream could not be started' },
  SHUTTING_DOWN: { status: 503, zh: '服务正在停止', en: 'Server is shutting down' },
  NOT_REPLAYABLE: { status: 409, zh: '该死信没有可重放的报文', en: 'Nothing to replay: no payload was kept' },
  TOUR_INVALID: {
    status: 422,
    zh: '导览配置有误，请按提示修改',
    en: 'The tour is invalid; see the issues per scene',
  },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal error' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
export const ErrorCode = z.enum(Object.keys(ERROR_CATALOGUE) as [ErrorCode, ...ErrorCode[]]);

/** The body of every REST error and every failed socket ack. */
export const ApiError = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    /** Field-level detail (e.g. which field failed validation). */
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

/** An error that carries a catalogue code; thrown where the caller can map it to a response. */
export class CodedError extends Error {
  readonly code: ErrorCode;
  readonly details: { path: string; message: string }[] | undefined;
  constructor(code: ErrorCode, message: string, details?: { path: string; message: string }[]) {
    super(message);
    this.name = 'CodedError';
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }
  toBody(): ApiError {
    return {
      error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) },
    };
  }
}
