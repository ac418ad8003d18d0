// Images from the clipboard, a drop or the file picker → what goes with a question: PNG, JPEG, GIF and
// WebP only, read as a data URL; an image over the size limit is drawn smaller on a canvas and
// re-encoded as JPEG (transparency on white) until it fits.

import { IMAGE_TYPES, type ImageAttachment, type ImageType } from '../shared/protocol.js';

export type ImageRead = { ok: true; image: ImageAttachment } | { ok: false; reason: 'type' | 'unreadable' | 'tooLarge'; name: string };

/** Each step scales the sides by this factor; a few steps fit anything a screenshot produces. */
const SCALE_STEP = 0.75;
const MAX_STEPS = 12;

export function isImageType(type: string): type is ImageType {
  return (IMAGE_TYPES as readonly string[]).includes(type);
}

/** The image files among pasted or dropped items (other files are not ours to take). */
export function imageFilesOf(list: FileList | null | undefined): File[] {
  return list ? [...list].filter((f) => f.type.startsWith('image/')) : [];
}

export async function readImage(file: File, maxBytes: number): Promise<ImageRead> {
  const name = file.name || 'image';
  if (!isImageType(file.type)) return { ok: false, reason: 'type', name };
  try {
    if (file.size <= maxBytes) return { ok: true, image: { name, type: file.type, dataUrl: await dataUrlOf(file), bytes: file.size } };
    const smaller = await downscale(file, maxBytes);
    if (!smaller) return { ok: false, reason: 'tooLarge', name };
    return { ok: true, image: { name, type: 'image/jpeg', dataUrl: await dataUrlOf(smaller), bytes: smaller.size, downscaledFrom: file.size } };
  } catch {
    return { ok: false, reason: 'unreadable', name };
  }
}

function dataUrlOf(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(blob);
  });
}

/** Draws the image smaller, step by step, until its JPEG fits `maxBytes`; undefined if it never does. */
async function downscale(file: File, maxBytes: number): Promise<Blob | undefined> {
  const bitmap = await createImageBitmap(file);
  try {
    // Start near the size that should fit (bytes grow with the area), then step down.
    let scale = Math.min(1, Math.sqrt(maxBytes / file.size));
    for (let step = 0; step < MAX_STEPS; step++, scale *= SCALE_STEP) {
      const width = Math.max(1, Math.round(bitmap.width * scale));
      const height = Math.max(1, Math.round(bitmap.height * scale));
      const blob = await encodeJpeg(bitmap, width, height);
      if (blob && blob.size <= maxBytes) return blob;
    }
    return undefined;
  } finally {
    bitmap.close();
  }
}

function encodeJpeg(bitmap: ImageBitmap, width: number, height: number): Promise<Blob | null> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return Promise.resolve(null);
  // JPEG has no transparency: transparent pixels become white, not black.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(bitmap, 0, 0, width, height);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
}

/** "340 KB", "1.2 MB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
