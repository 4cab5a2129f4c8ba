import { describe, expect, it } from 'vitest';
import { downloadName, type Holdings, quotaExceeded, readableBytes } from './evidence.models.ts';

describe('the name a file downloads under', () => {
  it.each([
    ['report.pdf', 'image/png', 'report.png'],
    ['report.PDF', 'image/png', 'report.png'],
    ['photo.png', 'image/png', 'photo.png'],
    ['PHOTO.PNG', 'image/png', 'PHOTO.PNG'],
    ['scan.jpeg', 'image/jpeg', 'scan.jpeg'],
    ['scan.JPG', 'image/jpeg', 'scan.JPG'],
    ['scan.png', 'image/jpeg', 'scan.jpg'],
    ['notes.docx', 'text/plain', 'notes.txt'],
    ['排班表.csv', 'text/plain', '排班表.csv'],
    ['page.html', 'text/plain', 'page.txt'],
    ['run.bat', 'text/plain', 'run.txt'],
    ['call.ogg', 'audio/ogg; codecs=opus', 'call.ogg'],
    ['call.opus', 'audio/ogg; codecs=opus', 'call.opus'],
    ['call.wav', 'audio/ogg', 'call.ogg'],
    ['iphone.heif', 'image/heic', 'iphone.heif'],
    ['board.xlsx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'board.docx'],
  ])('offers %s holding %s as %s', (name, mediaType, expected) => {
    expect(downloadName(name, mediaType)).toBe(expected);
  });

  it('adds the extension to a name without one, and keeps dots that are no extension', () => {
    expect(downloadName('现场照片', 'image/png')).toBe('现场照片.png');
    expect(downloadName('evidence-7d1c', 'application/pdf')).toBe('evidence-7d1c.pdf');
    expect(downloadName('minutes v1.2', 'application/pdf')).toBe('minutes v1.2.pdf');
    expect(downloadName('meeting 3.5', 'application/pdf')).toBe('meeting 3.5.pdf');
    expect(downloadName('report.', 'application/pdf')).toBe('report.pdf');
    expect(downloadName('archive.tar.gz', 'application/pdf')).toBe('archive.tar.pdf');
  });

  it('offers a type it has no extension for as .bin rather than keep a misleading one', () => {
    expect(downloadName('invoice.pdf', 'application/x-unknown')).toBe('invoice.bin');
  });
});

describe('evidence quotas', () => {
  const quota = { filesPerAssessment: 3, bytesPerAssessment: 1000, bytesPerOrganization: 5000 };
  const empty: Holdings = { files: 0, bytes: 0, hasContent: false };
  const check = (assessment: Holdings, organization: Holdings, size: number) =>
    quotaExceeded({ quota, assessment, organization, size });

  it('lets a file in while every quota has room for it, up to each limit exactly', () => {
    expect(check(empty, empty, 1000)).toBeNull();
    expect(
      check({ files: 2, bytes: 600, hasContent: false }, { files: 2, bytes: 4600, hasContent: false }, 400),
    ).toBeNull();
  });

  it('refuses a fourth file of an assessment allowed three, even one with content it holds', () => {
    expect(check({ files: 3, bytes: 10, hasContent: true }, empty, 1)).toEqual({
      quota: 'files_per_assessment',
      limit: 3,
      used: 3,
    });
  });

  it('refuses new content that takes the assessment over its bytes, but not content it holds', () => {
    const held = { files: 1, bytes: 900, hasContent: false };
    expect(check(held, held, 101)).toEqual({ quota: 'bytes_per_assessment', limit: 1000, used: 900 });
    expect(check({ ...held, hasContent: true }, { ...held, hasContent: true }, 101)).toBeNull();
  });

  it('refuses new content that takes the organization over its bytes, but not content it holds', () => {
    const organization = { files: 9, bytes: 4950, hasContent: false };
    expect(check(empty, organization, 51)).toEqual({
      quota: 'bytes_per_organization',
      limit: 5000,
      used: 4950,
    });
    expect(check(empty, { ...organization, hasContent: true }, 51)).toBeNull();
  });

  it('names the assessment’s quota first when both would be exceeded', () => {
    const full = { files: 0, bytes: 5000, hasContent: false };
    expect(check(full, full, 1)?.quota).toBe('bytes_per_assessment');
  });
});

describe('sizes for people', () => {
  it.each([
    [900, '900 B'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [50 * 1024 * 1024, '50 MiB'],
    [2 * 1024 ** 3, '2 GiB'],
    [20 * 1024 ** 3, '20 GiB'],
  ])('shows %d bytes as %s', (bytes, shown) => {
    expect(readableBytes(bytes)).toBe(shown);
  });
});
