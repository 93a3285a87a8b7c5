// Messages between a central connection client and the embedded central (PGlite) across a
// MessagePort: several logical connections share one port; LISTEN notifications come back on it.
export type PortRequest =
  | { kind: 'query'; conn: number; id: number; sql: string; params: unknown[]; mode: 'rows' | 'text' | 'exec' }
  | { kind: 'close'; conn: number; id: number }
  | { kind: 'listen'; channel: string; id: number };

export interface PortError {
  message: string;
  code?: string;
  detail?: string;
  hint?: string;
}

export type PortReply =
  | { kind: 'reply'; id: number; ok: true; rows: unknown[]; rowCount: number }
  | { kind: 'reply'; id: number; ok: false; error: PortError }
  | { kind: 'notify'; channel: string; payload: string };
