// The shim's browser JavaScript: shim/bridge-shim.ts with its types stripped. The shim imports
// nothing (it is a classic script), so stripping types is all the build it needs.
import { readFileSync } from 'node:fs';
import ts from 'typescript';

export function bridgeScript(): string {
  const source = readFileSync(new URL('./shim/bridge-shim.ts', import.meta.url), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: 'bridge-shim.ts',
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: true },
  });
  if (/^\s*(import|export)\b/m.test(outputText)) {
    throw new Error('shim/bridge-shim.ts must stay a classic script: no import or export statements (use import() types).');
  }
  return outputText;
}
