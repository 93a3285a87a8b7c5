// The layering rules of style.md hold by lint: each forbidden import is reported.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layering lint rules', () => {
  it.each([
    ['src/shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"],
    ['src/shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src/shared/x.ts', "import { createRouter } from '../main/ipc/router';\nexport const r = createRouter;\n"],
    ['src/renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n"],
    ['src/renderer/src/x.ts', "import { createRouter } from '../../main/ipc/router';\nexport const r = createRouter;\n"],
    ['src/main/x.ts', "import { App } from '../renderer/src/shell/App';\nexport const a = App;\n"],
    ['src/main/central/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src/preload/x.ts', "import { createRouter } from '../main/ipc/router';\nexport const r = createRouter;\n"],
  ])('%s: forbidden import is reported', async (file, code) => {
    expect(await problems(file, code)).toContain('no-restricted-imports');
  });

  it('allows what the layers may use', async () => {
    expect(await problems('src/renderer/src/x.ts', "import type { Channel } from '../../shared/ipc/contract';\nexport type C = Channel;\n")).toEqual([]);
    expect(await problems('src/main/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });

  it('requires type-only imports to say so', async () => {
    expect(await problems('src/main/central/y.ts', "import { CentralConnection } from './connection';\nexport type C = CentralConnection;\n"))
      .toContain('@typescript-eslint/consistent-type-imports');
  });
});
