// The API's shapes, as far as the pages use them.
export interface Assessment {
  id: string;
  organizationId: string;
  organizationName: string;
  standard: string;
  kind: 'self' | 'certification' | 'surveillance';
  status: 'draft' | 'in_progress' | 'submitted';
  assessedOn: string;
}

export interface Organization {
  id: string;
  name: string;
  operatingSince: string;
  industry: string | null;
  region: string | null;
  seats: number | null;
}

export interface Rating {
  clause: number;
  c: 0 | 5 | 10 | null;
  f: 0 | 5 | 10 | null;
  note: string | null;
  version: number;
}
