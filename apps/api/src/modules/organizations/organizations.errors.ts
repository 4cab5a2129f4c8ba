// The errors of organizations (the centers).
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog } from '@ccmm/engine';

export const organizationErrors = {
  'organization.not_found': {
    'zh-Hans': '机构不存在或无权查看',
    'zh-Hant': '機構不存在或無權查看',
    en: 'no such organization, or not yours to see',
  },
  'organization.field_reserved': {
    'zh-Hans': '{fields} 决定运营年限和可达等级，只能由认证机构修改',
    'zh-Hant': '{fields} 決定營運年限和可達等級，只能由認證機構修改',
    en: '{fields} decides operating years and so the levels within reach: only the certification body may change it',
  },
} as const satisfies Catalog<`organization.${string}`>;
