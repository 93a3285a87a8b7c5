// activity:* — who changed what and when on an item (the audit trail, read from central: online only).
import { z } from 'zod';

export interface ActivityEntry {
  id: string;
  action: string;
  userName: string | null;
  deviceName: string | null;
  /** When central received it. */
  at: string;
  /** When the person acted, by their device's clock (earlier when they worked offline). */
  deviceAt: string | null;
  changes: Record<string, { old?: unknown; new?: unknown }>;
}

export const activityChannels = {
  'activity:list': { input: z.object({ entityId: z.uuid() }).strict(), output: z.custom<ActivityEntry[]>() },
} as const;
