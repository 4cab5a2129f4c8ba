// Months are YYYY-MM, counted by @ccmm/engine (months.ts); only "now" is the web's own.

/** The current month in UTC, as the server counts. */
export const currentMonth = (): string => new Date().toISOString().slice(0, 7);
