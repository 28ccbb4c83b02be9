import { reject, type Rejection } from '../../pipeline/adapter';

/**
 * GB/T 28181-2016 device ids (编码规则 A, Appendix D): 20 decimal digits =
 *   centre code (8: the 6-digit GB/T 2260 division of the owning centre + 2 digits for the grass-roots unit,
 *   zero-filled above district level) · industry (2) · type (3) · network (1) · serial (6).
 * Example: 31010603 00 132 0 000123 — a network camera of unit 03 under 黄浦区 (310101), public-security road
 * access, on the video private network.
 */
export interface Gb28181Id {
  id: string;
  centre: string;
  /** The district of the owning centre, or null for a province- or city-level centre (zero-filled). */
  district: string | null;
  industry: string;
  industryName: string;
  type: string;
  typeName: string;
  network: string;
  networkName: string;
  serial: string;
}

/** Industry codes (行业编码); 12–39 and 56–99 are reserved in the standard and refused here. */
const INDUSTRIES: Record<string, string> = {
  '00': '社会治安路面接入',
  '01': '社会治安社区接入',
  '02': '社会治安内部接入',
  '03': '社会治安其他接入',
  '04': '交通路面接入',
  '05': '交通卡口接入',
  '06': '交通内部接入',
  '07': '交通其他接入',
  '08': '城市管理接入',
  '09': '卫生环保接入',
  '10': '商检海关接入',
  '11': '教育部门接入',
  '40': '农林牧渔业接入',
  '41': '采矿企业接入',
  '42': '制造企业接入',
  '43': '冶金企业接入',
  '44': '电力企业接入',
  '45': '燃气企业接入',
  '46': '建筑企业接入',
  '47': '物流企业接入',
  '48': '邮政企业接入',
  '49': '信息企业接入',
  '50': '住宿和餐饮业接入',
  '51': '金融企业接入',
  '52': '房地产业接入',
  '53': '商务服务业接入',
  '54': '水利企业接入',
  '55': '娱乐企业接入',
};

/** Type codes (类型编码) the standard names; the extension ranges are accepted under a generic name. */
const TYPES: Record<string, string> = {
  '111': 'DVR',
  '112': '视频服务器',
  '113': '编码器',
  '114': '解码器',
  '115': '视频切换矩阵',
  '116': '音频切换矩阵',
  '117': '报警控制器',
  '118': 'NVR',
  '131': '摄像机',
  '132': '网络摄像机(IPC)',
  '133': '显示器',
  '134': '报警输入设备',
  '135': '报警输出设备',
  '136': '语音输入设备',
  '137': '语音输出设备',
  '138': '移动传输设备',
  '139': '其他外围设备',
  '200': '中心信令控制服务器',
  '201': 'Web应用服务器',
  '202': '媒体分发服务器',
  '203': '代理服务器',
  '204': '安全服务器',
  '205': '报警服务器',
  '206': '数据库服务器',
  '207': 'GIS服务器',
  '208': '管理服务器',
  '209': '接入网关',
  '210': '媒体存储服务器',
  '211': '信令安全路由网关',
  '215': '业务分组',
  '216': '虚拟组织',
  '300': '中心用户',
  '400': '终端用户',
};
const TYPE_RANGES: [number, number, string][] = [
  [119, 130, '扩展前端主设备'],
  [140, 199, '扩展前端外围设备'],
  [212, 299, '扩展平台设备'],
  [301, 399, '扩展中心用户'],
  [401, 499, '扩展终端用户'],
];
/** The two type codes that are cameras. */
export const CAMERA_TYPES: ReadonlySet<string> = new Set(['131', '132']);

const NETWORKS: Record<string, string> = {
  '0': '监控报警专网',
  '1': '监控报警专网',
  '2': '监控报警专网',
  '3': '监控报警专网',
  '4': '监控报警专网',
  '5': '公安信息网',
  '6': '政务网',
  '7': 'Internet',
  '8': '社会资源接入网',
};

/**
 * Parses and checks a device id. Malformed ids (not 20 digits) are INTAKE_SCHEMA; well-formed ids with a
 * code the standard reserves or a division this city does not have are UNKNOWN_CODE — never guessed.
 * `isDivision` says whether a 6-digit GB/T 2260 district code exists (the city pack's code table).
 */
export function parseGb28181Id(
  id: unknown,
  isDivision: (code: string) => boolean,
): { ok: true; value: Gb28181Id } | Rejection {
  if (typeof id !== 'string' || !/^\d{20}$/.test(id)) {
    return reject(
      'INTAKE_SCHEMA',
      `device id ${JSON.stringify(id)?.slice(0, 40)} is not 20 digits (GB/T 28181)`,
      [{ path: 'deviceId', message: 'must be 20 decimal digits' }],
    );
  }
  const centre = id.slice(0, 8);
  const division = centre.slice(0, 6);
  const unknown = (part: string, message: string) =>
    reject('UNKNOWN_CODE', message, [{ path: `deviceId.${part}`, message }]);
  let district: string | null;
  if (division.slice(2) === '0000' || division.slice(4) === '00') {
    // Province (310000) or city (310100) level centre: the grass-roots digits must be zero-filled too.
    if (centre.slice(6) !== '00')
      return unknown('centre', `centre ${centre}: a province or city centre has no unit digits`);
    if (!isDivisionPrefix(division, isDivision))
      return unknown('centre', `centre ${centre} is not a division of this city`);
    district = null;
  } else {
    if (!isDivision(division))
      return unknown('centre', `centre ${centre}: ${division} is not a GB/T 2260 district of this city`);
    district = division;
  }
  const industry = id.slice(8, 10);
  const industryName = INDUSTRIES[industry];
  if (!industryName) return unknown('industry', `industry code ${industry} is reserved in GB/T 28181`);
  const type = id.slice(10, 13);
  const typeName = TYPES[type] ?? TYPE_RANGES.find(([lo, hi]) => +type >= lo && +type <= hi)?.[2];
  if (!typeName) return unknown('type', `type code ${type} is not defined in GB/T 28181`);
  const network = id.slice(13, 14);
  const networkName = NETWORKS[network];
  if (!networkName) return unknown('network', `network flag ${network} is reserved in GB/T 28181`);
  return {
    ok: true,
    value: {
      id,
      centre,
      district,
      industry,
      industryName,
      type,
      typeName,
      network,
      networkName,
      serial: id.slice(14),
    },
  };
}

/** A province- or city-level code is this city's when one of its districts starts with it. */
function isDivisionPrefix(division: string, isDivision: (code: string) => boolean): boolean {
  const prefix = division.slice(2) === '0000' ? division.slice(0, 2) : division.slice(0, 4);
  for (let n = 1; n <= 99; n++) {
    const tail = String(n).padStart(2, '0');
    const code = prefix.length === 2 ? `${prefix}01${tail}` : `${prefix}${tail}`;
    if (isDivision(code)) return true;
  }
  return false;
}
