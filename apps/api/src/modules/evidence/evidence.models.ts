// Pure rules of evidence files: the name a download is offered under and the upload quotas.
// No database, no disk: the repository and the routes feed them what they read.

/**
 * The extensions a detected type is offered under, the usual one first. Only the types the
 * storage accepts; text keeps a handful of inert text extensions (never .html, .svg, .js,
 * .bat…), so a script uploaded as text is not offered as something a browser or shell runs.
 */
const EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/webp': ['webp'],
  'image/gif': ['gif'],
  'image/heic': ['heic', 'heif'],
  'image/heic-sequence': ['heic', 'heif'],
  'image/heif': ['heic', 'heif'],
  'image/heif-sequence': ['heic', 'heif'],
  'audio/mpeg': ['mp3'],
  'audio/x-m4a': ['m4a'],
  'audio/wav': ['wav'],
  'audio/ogg': ['ogg', 'oga', 'opus'],
  'video/mp4': ['mp4'],
  'video/quicktime': ['mov'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'text/plain': ['txt', 'csv', 'tsv', 'md', 'log', 'json'],
};

/** What follows the last dot, if it looks like an extension (letters, maybe digits: "mp3", not "5"). */
const EXTENSION = /\.([a-z0-9]*[a-z][a-z0-9]*)$/i;

/**
 * The name to download a file under: the uploaded name with the extension of its detected type
 * ("report.pdf" holding a PNG → "report.png"), unchanged when its extension already fits.
 * A type without a known extension gets ".bin" rather than keep a misleading one.
 */
export function downloadName(name: string, mediaType: string): string {
  const essence = mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  const allowed = EXTENSIONS[essence] ?? ['bin'];
  const match = EXTENSION.exec(name);
  const current = match?.[1]?.toLowerCase();
  if (current !== undefined && allowed.includes(current)) return name;
  const base = (match && match.index > 0 ? name.slice(0, match.index) : name).replace(/\.+$/, '');
  return `${base || 'evidence'}.${allowed[0]}`;
}

/** The quotas of stored evidence files (EVIDENCE_MAX_* in config.ts). */
export interface EvidenceQuota {
  readonly filesPerAssessment: number;
  readonly bytesPerAssessment: number;
  readonly bytesPerOrganization: number;
}

/**
 * What an assessment or an organization holds: its file rows, and the bytes of its distinct
 * contents (the storage keeps a content once, however often it is uploaded).
 */
export interface Holdings {
  readonly files: number;
  readonly bytes: number;
  /** Already holds the content being uploaded: storing it again takes no more space. */
  readonly hasContent: boolean;
}

export type QuotaExceeded = {
  readonly quota: 'files_per_assessment' | 'bytes_per_assessment' | 'bytes_per_organization';
  readonly limit: number;
  /** What is held before this upload. */
  readonly used: number;
};

/** The first quota one more file of `size` bytes would exceed, or null if it fits. */
export function quotaExceeded(input: {
  readonly quota: EvidenceQuota;
  readonly assessment: Holdings;
  readonly organization: Holdings;
  readonly size: number;
}): QuotaExceeded | null {
  const { quota, assessment, organization, size } = input;
  if (assessment.files + 1 > quota.filesPerAssessment) {
    return { quota: 'files_per_assessment', limit: quota.filesPerAssessment, used: assessment.files };
  }
  if (!assessment.hasContent && assessment.bytes + size > quota.bytesPerAssessment) {
    return { quota: 'bytes_per_assessment', limit: quota.bytesPerAssessment, used: assessment.bytes };
  }
  if (!organization.hasContent && organization.bytes + size > quota.bytesPerOrganization) {
    return { quota: 'bytes_per_organization', limit: quota.bytesPerOrganization, used: organization.bytes };
  }
  return null;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** "2 GiB", "1.5 MiB", "900 B": a size for people (the exact bytes are given beside it). */
export function readableBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 ? String(value) : String(Math.round(value * 10) / 10);
  return `${shown} ${UNITS[unit]}`;
}
