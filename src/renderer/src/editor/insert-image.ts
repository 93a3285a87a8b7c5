// Images are embedded in the document (synced with its content), so they are limited in size.
import type { Editor } from '@tiptap/react';

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

export async function insertImageFromFile(editor: Editor, file: File): Promise<void> {
  if (!file.type.startsWith('image/')) throw new Error(`${file.name} is not an image. Choose a PNG, JPEG, GIF or WebP file.`);
  if (file.size > MAX_IMAGE_BYTES) throw new Error(`${file.name} is larger than 2 MB. Make it smaller and insert it again.`);
  const src = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error(`Could not read ${file.name}.`));
    reader.readAsDataURL(file);
  });
  editor.chain().focus().setImage({ src, alt: file.name }).run();
}
