// Certificates rendered per second and the sizes of the PDFs, from the shipped CC-CMM-OC 2017
// pack and made-up ratings. Figures are printed, not asserted: run with `pnpm bench`.
// BENCH_PDF_COUNT (default 200) sets how many certificates are rendered.
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { sampleCertificate } from '../src/modules/certificates/certificate.fixtures.ts';
import { renderCertificatePdf } from '../src/modules/certificates/certificate.pdf.ts';
import { sampleReport } from '../src/modules/reports/report.fixtures.ts';
import { renderAssessmentReportPdf } from '../src/modules/reports/report.pdf.ts';
import { loadOc2017 } from '../src/pdf/testing.ts';

const raw = process.env.BENCH_PDF_COUNT;
const COUNT = raw === undefined || raw === '' ? 200 : Number(raw);
if (!Number.isInteger(COUNT) || COUNT < 1) throw new Error('BENCH_PDF_COUNT must be a positive whole number');

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const standard = await loadOc2017();

// The first render reads the font files (~11 MB each) and parses them: timed on its own.
let started = performance.now();
const first = await renderCertificatePdf(sampleCertificate(standard));
console.log(
  `PDF certificate, first render (fonts loaded): ${(performance.now() - started).toFixed(0)} ms, ${kb(first.length)}`,
);

const names = [
  '华夏银行信用卡客户服务中心',
  '臺灣大哥大客戶服務中心',
  '中国移动通信集团广东有限公司客户服务中心',
];
let bytes = 0;
let smallest = Number.POSITIVE_INFINITY;
let largest = 0;
started = performance.now();
for (let i = 0; i < COUNT; i++) {
  const number = `CCMM-OC-2026-${String(i + 1).padStart(4, '0')}`;
  const pdf = await renderCertificatePdf(
    sampleCertificate(standard, {
      number,
      level: (i % 5) + 1,
      levelName: standard.levels[i % 5]?.name,
      organization: { name: names[i % names.length] ?? '', sites: ['北京', '武汉'] },
      verificationUrl: `https://ccmm.example.com/verify/${number}`,
      status: i % 10 === 9 ? 'suspended' : 'active',
    }),
  );
  bytes += pdf.length;
  smallest = Math.min(smallest, pdf.length);
  largest = Math.max(largest, pdf.length);
}
const seconds = (performance.now() - started) / 1000;
console.log(
  `PDF certificates: ${COUNT} in ${seconds.toFixed(2)} s = ${(COUNT / seconds).toFixed(1)} per second ` +
    `(${((seconds / COUNT) * 1000).toFixed(1)} ms each); size average ${kb(bytes / COUNT)}, ` +
    `smallest ${kb(smallest)}, largest ${kb(largest)}`,
);

for (const locale of ['zh-Hans', 'zh-Hant', 'en'] as const) {
  const report = await sampleReport(locale);
  started = performance.now();
  const pdf = await renderAssessmentReportPdf(report);
  const ms = performance.now() - started;
  const pages = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
  console.log(`PDF assessment report (${locale}, ${pages} pages): ${ms.toFixed(0)} ms, ${kb(pdf.length)}`);
}
