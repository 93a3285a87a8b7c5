// The fonts a PDF is set in. A Unicode TrueType family found on the computer (DejaVu on Linux, Arial
// on Windows and macOS) is embedded (subset) so that any character the family has prints — ≤, ±, →,
// Greek, Cyrillic; without one, the 14 standard PDF fonts, which cover Latin-1 only.
import { existsSync } from 'node:fs';

export interface FontSet {
  regular: string;
  bold: string;
  italic: string;
  boldItalic: string;
  mono: string;
  /** Embedded Unicode fonts (else the standard fonts, where other characters become '?'). */
  unicode: boolean;
}

type Files = Omit<FontSet, 'unicode'>;

const CANDIDATES: Files[] = [
  {
    regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', bold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
    italic: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf', boldItalic: '/usr/share/fonts/truetype/dejavu/DejaVuSans-BoldOblique.ttf',
    mono: '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  },
  {
    regular: 'C:\\Windows\\Fonts\\arial.ttf', bold: 'C:\\Windows\\Fonts\\arialbd.ttf', italic: 'C:\\Windows\\Fonts\\ariali.ttf',
    boldItalic: 'C:\\Windows\\Fonts\\arialbi.ttf', mono: 'C:\\Windows\\Fonts\\cour.ttf',
  },
  {
    regular: '/System/Library/Fonts/Supplemental/Arial.ttf', bold: '/System/Library/Fonts/Supplemental/Arial Bold.ttf',
    italic: '/System/Library/Fonts/Supplemental/Arial Italic.ttf', boldItalic: '/System/Library/Fonts/Supplemental/Arial Bold Italic.ttf',
    mono: '/System/Library/Fonts/Supplemental/Courier New.ttf',
  },
];

export const STANDARD_FONTS: FontSet = {
  regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique', boldItalic: 'Helvetica-BoldOblique', mono: 'Courier', unicode: false,
};

let found: FontSet | undefined;

/** The first complete family on this computer (looked up once), else the standard fonts. */
export function fontSet(): FontSet {
  found ??= (() => {
    const files = CANDIDATES.find((c) => Object.values(c).every((path) => existsSync(path)));
    return files ? { ...files, unicode: true } : STANDARD_FONTS;
  })();
  return found;
}
