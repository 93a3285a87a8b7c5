// Saves an exported file where the person chooses: a download of the file's bytes. Electron shows its
// save dialog for it (no save path is preset); a browser (the test host) saves it as a download.
import type { ExportFile } from '../../../shared/ipc/domains/exports';
import { fromBase64 } from '../lib/base64';

export function saveFile(file: ExportFile): void {
  const url = URL.createObjectURL(new Blob([fromBase64(file.dataBase64)], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
