// A realistic certificate for the certificate tests and the benchmark: a center of the shipped
// CC-CMM-OC 2017 pack at L3, with sites, a scope and a verification URL; tests override fields.
import type { Standard } from '@ccmm/engine';
import type { CertificateDocument } from './certificate-document.ts';

export function sampleCertificate(
  standard: Standard,
  overrides: Partial<CertificateDocument> = {},
): CertificateDocument {
  const level = overrides.level ?? 3;
  const levelName = standard.levels.find((l) => l.level === level)?.name;
  if (!levelName) throw new Error(`no level ${level} in the pack`);
  return {
    number: 'CCMM-OC-2026-0001',
    organization: {
      name: '华夏银行信用卡客户服务中心',
      sites: ['北京市朝阳区建国路 88 号', '武汉市东湖高新区光谷大道 77 号'],
    },
    scope: '信用卡客户服务热线、在线客服与投诉处理（呼入）',
    level,
    levelName,
    standard: { ref: `${standard.standard}@${standard.version}`, title: standard.title },
    issuedOn: '2026-11-23',
    renewedOn: null,
    expiresOn: '2029-11-22',
    surveillanceDue: ['2027-11-23', '2028-11-23'],
    certifyingBody: '中国客户中心认证委员会 · CC-CMM Certification Body',
    verificationUrl: 'https://ccmm.example.com/verify/CCMM-OC-2026-0001',
    status: 'active',
    revision: 1,
    snapshotHash: '3f2a9c1e7b5d4a6f8e0c2b4d6f8a0c1e3b5d7f9a1c3e5b7d9f0a2c4e6b8d0f1a',
    ...overrides,
  };
}
