import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/main/central/migration-files';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'migration-files-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return dir;
}

describe('loadMigrations', () => {
  it('pairs up and down files, in order, with a sha256 checksum of the up file', () => {
    const migrations = loadMigrations(dirWith({
      '0002_second.up.sql': 'B', '0002_second.down.sql': 'b', '0001_first.up.sql': 'A', '0001_first.down.sql': 'a', 'README.md': 'x',
    }));
    expect(migrations.map((m) => [m.id, m.name, m.up, m.down])).toEqual([['0001', 'first', 'A', 'a'], ['0002', 'second', 'B', 'b']]);
    expect(migrations[0]!.checksum).toBe('559aead08264d5795d3909718cdd05abd49572e84fe55590eef31a88a08fdffd');
  });

  it.each([
    [{ '0001_first.up.sql': 'A' }, 'MIGRATION_MISSING_DOWN'],
    [{ '0001_first.up.sql': 'A', '0001_first.down.sql': 'a', '0003_third.up.sql': 'C', '0003_third.down.sql': 'c' }, 'MIGRATION_FILE_NAME'],
    [{ '1_first.up.sql': 'A' }, 'MIGRATION_FILE_NAME'],
    [{ '0001_first.up.sql': 'A', '0001_other.down.sql': 'a' }, 'MIGRATION_FILE_NAME'],
  ])('refuses a bad set of files (%o)', (files, code) => {
    expect(() => loadMigrations(dirWith(files))).toThrow(expect.objectContaining({ code }));
  });
});
