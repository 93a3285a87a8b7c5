// Reads the numbered migration files: NNNN_name.up.sql with its NNNN_name.down.sql.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MigrationError } from './migration-error';

export interface MigrationFile {
  id: string;
  name: string;
  up: string;
  down: string;
  checksum: string;
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.(up|down)\.sql$/;

export function loadMigrations(dir: string): MigrationFile[] {
  const byId = new Map<string, { name: string; up?: string; down?: string }>();
  for (const file of readdirSync(dir).sort()) {
    const match = FILE.exec(file);
    if (!match) {
      if (file.endsWith('.sql')) {
        throw new MigrationError('MIGRATION_FILE_NAME', `Migration file "${file}" is not named NNNN_name.up.sql or NNNN_name.down.sql.`);
      }
      continue;
    }
    const [, id = '', name = '', direction] = match;
    const entry = byId.get(id) ?? { name };
    if (entry.name !== name) {
      throw new MigrationError('MIGRATION_FILE_NAME', `Migration ${id} has two names: "${entry.name}" and "${name}".`);
    }
    entry[direction === 'up' ? 'up' : 'down'] = readFileSync(join(dir, file), 'utf8');
    byId.set(id, entry);
  }
  const ids = [...byId.keys()].sort();
  return ids.map((id, index) => {
    const entry = byId.get(id)!;
    if (Number(id) !== index + 1) {
      throw new MigrationError('MIGRATION_FILE_NAME', `Migration numbers must run 0001, 0002, … without gaps; found ${id} at position ${index + 1}.`);
    }
    if (entry.up === undefined || entry.down === undefined) {
      throw new MigrationError('MIGRATION_MISSING_DOWN', `Migration ${id}_${entry.name} needs both an .up.sql and a .down.sql file.`);
    }
    const checksum = createHash('sha256').update(entry.up).digest('hex');
    return { id, name: entry.name, up: entry.up, down: entry.down, checksum };
  });
}
