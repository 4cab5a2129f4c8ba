import { z } from 'zod';
import { EXAMPLE, EXAMPLE_LEVEL_NAME } from '../../examples.ts';
import { localizedText } from '../certificates/certificates.schemas.ts';

/** One line of the public directory: an active certificate of a listed center. */
export const directoryEntry = z
  .strictObject({
    number: z.string(),
    organization: z.string(),
    level: z.int(),
    levelName: localizedText,
    standard: z.string(),
    issuedOn: z.string(),
    expiresOn: z.string(),
  })
  .meta({
    id: 'DirectoryEntry',
    examples: [
      {
        number: EXAMPLE.certificateNumber,
        organization: EXAMPLE.organizationName,
        level: 2,
        levelName: EXAMPLE_LEVEL_NAME,
        standard: EXAMPLE.standard,
        issuedOn: '2026-04-02',
        expiresOn: '2029-04-01',
      },
    ],
  });
