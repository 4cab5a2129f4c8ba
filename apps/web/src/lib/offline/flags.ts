// Clauses an auditor flagged to revisit, kept on this device only (localStorage), per user and
// audit: a reminder for the one who walks the floor, not part of the audit's record. It needs no
// network, survives a reload or a closed browser, and is not shared with the team or other devices.

const key = (userId: string, assessmentId: string) => `ccmm:flags:${userId}:${assessmentId}`;

/** The flagged clause numbers (none when the browser keeps no storage). */
export function readFlags(userId: string, assessmentId: string): number[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key(userId, assessmentId)) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((n): n is number => Number.isInteger(n)) : [];
  } catch {
    return [];
  }
}

/** Keeps the flagged clause numbers; false when the browser refused (storage full or disabled). */
export function writeFlags(userId: string, assessmentId: string, clauses: Iterable<number>): boolean {
  const list = [...new Set(clauses)].sort((a, b) => a - b);
  try {
    if (list.length === 0) localStorage.removeItem(key(userId, assessmentId));
    else localStorage.setItem(key(userId, assessmentId), JSON.stringify(list));
    return true;
  } catch {
    return false;
  }
}
