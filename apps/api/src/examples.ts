// The ids, names and moments the API document's examples share, so that the center of one
// example is the center of the next and an integrator can follow one audit through them.
// Pure data: the schema files (and through them the web's contract) import it.

export const EXAMPLE = {
  organizationId: '3f6c2a1e-8b4d-4c7a-9e21-5d0b7f3a6c18',
  organizationName: '华信客服中心',
  /** A self-assessment of the center. */
  selfAssessmentId: '4d2b8e6a-1c9f-4a37-b5e0-7f3c2a9d6e81',
  /** The certification audit the certificate was issued on. */
  assessmentId: '7a1d9c42-5e3b-4f60-8a7d-2c9e4b1f0d35',
  decisionId: 'e2a94f6b-7c18-4d3e-a5b0-3f9c1d8e6a24',
  evidenceId: '5c8f1b3d-9e2a-4b67-8c45-0d7e3a6f9b12',
  findingId: 'b7e3a9c1-4d2f-4e85-9a16-8c0f5b2d3e47',
  centerAdmin: { id: '0e8b5f27-6c1a-4d93-b4e2-9f7a3c5d1e60', name: '王丽', email: 'wangli@huaxin-cc.cn' },
  auditor: { id: 'c5d2e8a1-3b7f-4e6c-9a04-1f8d6b2c7e93', name: '李明', email: 'liming@ccmm-cert.org' },
  reviewer: { id: '9b3e7d15-2a6c-4f81-8d3b-6e0a4c9f2b57', name: '陈静', email: 'chenjing@ccmm-cert.org' },
  standard: 'cc-cmm-oc@2017',
  certificateNumber: 'CCMM-OC-2026-0001',
  /** The on-site audit's day, and a moment of it. */
  on: '2026-03-14',
  at: '2026-03-14T09:30:00.000Z',
  sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
} as const;

/** The 2017 edition's title, as the API answers a localized text. */
export const EXAMPLE_TITLE = {
  'zh-Hans': 'CC-CMM 客户中心运营机构能力成熟度标准（2017 版）',
  'zh-Hant': 'CC-CMM 客戶中心運營機構能力成熟度標準（2017 版）',
  en: 'CC-CMM Operation Center capability maturity standard (2017 edition)',
} as const;

/** Level 2's name: the 2017 edition names its levels by code. */
export const EXAMPLE_LEVEL_NAME = { 'zh-Hans': 'L2', 'zh-Hant': 'L2', en: 'L2' } as const;
